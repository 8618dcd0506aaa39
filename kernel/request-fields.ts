/**
 * Reading a request's content. A signed request can still be malformed (a `null` content, a `complete_request`
 * without `code`): that is a `BadRequest` naming the request, the field and what came, answered as an error reply.
 */
import type { Message } from "./protocol/wire.js";
import { describeValue } from "./safe-render.js";

export class BadRequestError extends Error {
  override name = "BadRequest";
}

/** The content of `message`, which must be a JSON object. */
export function contentOf(message: Message): Record<string, unknown> {
  const content: unknown = message.content;
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw new BadRequestError(
      `${message.header.msg_type}: the content must be a JSON object, got ${describeValue(content)}`,
    );
  }
  return content as Record<string, unknown>;
}

/** The string field `name` of the request's content. */
export function stringField(message: Message, name: string): string {
  const value = contentOf(message)[name];
  if (typeof value !== "string") {
    throw new BadRequestError(
      `${message.header.msg_type}: content.${name} must be a string, got ${describeValue(value)}`,
    );
  }
  return value;
}

/** The request's `cursor_pos` in code points within `code`; absent (null) means the end of the code, as in ipykernel. */
export function cursorField(message: Message, code: string): number {
  const value = contentOf(message).cursor_pos;
  const length = [...code].length;
  if (value === undefined || value === null) return length;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > length) {
    throw new BadRequestError(
      `${message.header.msg_type}: content.cursor_pos must be a whole number from 0 to ${length} (the code's length in code points), got ${describeValue(value)}`,
    );
  }
  return value;
}
