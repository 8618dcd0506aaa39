/**
 * The Jupyter wire format: a message is a list of frames
 * `[...identities, "<IDS|MSG>", signature, header, parent_header, metadata, content, ...buffers]`,
 * where `signature = HMAC(key, header ‖ parent_header ‖ metadata ‖ content)` in hex.
 * Knows nothing of sockets or of what messages mean.
 */
import { createHmac, getHashes, randomUUID, timingSafeEqual } from "node:crypto";
import type { DigestHistory } from "./digest-history.js";

export const protocolVersion = "5.3";
const delimiter = "<IDS|MSG>";

export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
}

export interface Message<C = Record<string, unknown>> {
  /** Routing frames before the delimiter: where a reply goes. */
  identities: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
  /** The signature it arrived with (set by `decode`; what replay protection remembers). */
  signature?: string;
}

/** Signs and verifies frames with the connection file's key; an empty key means no signing (allowed by the spec). */
export class Signer {
  readonly #key: string;
  readonly #algorithm: string;

  constructor(key: string, scheme = "hmac-sha256") {
    const algorithm = scheme.startsWith("hmac-") ? scheme.slice("hmac-".length) : "";
    if (!getHashes().includes(algorithm)) {
      throw new RangeError(
        `signature_scheme "${scheme}" is not supported: use "hmac-sha256" (or hmac- and a hash Node's crypto knows)`,
      );
    }
    this.#key = key;
    this.#algorithm = algorithm;
  }

  sign(parts: readonly (Buffer | string)[]): string {
    if (this.#key === "") return "";
    const hmac = createHmac(this.#algorithm, this.#key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  verify(signature: string, parts: readonly Buffer[]): boolean {
    if (this.#key === "") return true;
    const expected = Buffer.from(this.sign(parts));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

export class BadSignatureError extends Error {
  override name = "BadSignatureError";
}

export class ReplayedMessageError extends Error {
  override name = "ReplayedMessageError";
}

/**
 * Decodes received frames; throws BadSignatureError when the HMAC does not match, so forged messages never run,
 * and ReplayedMessageError when `digests` has seen the signature before. A header without a `msg_type` and a `msg_id`, or a
 * parent header or metadata that is not an object, is malformed (nothing could answer it); the content is left to
 * the receiver, which can answer a bad one with an error reply.
 */
export function decode(frames: readonly Buffer[], signer: Signer, digests?: DigestHistory): Message {
  const at = frames.findIndex((f) => f.toString() === delimiter);
  if (at < 0 || frames.length < at + 6) {
    throw new RangeError(`malformed message: ${frames.length} frames, delimiter at ${at}`);
  }
  const [signature, header, parent, metadata, content] = frames.slice(at + 1, at + 6);
  const signed = signature.toString();
  if (!signer.verify(signed, [header, parent, metadata, content])) {
    throw new BadSignatureError("message signature does not match the connection key");
  }
  if (signed !== "" && digests && !digests.admit(signed)) {
    throw new ReplayedMessageError(
      "duplicate signature: a message already received was sent again (a replay)",
    );
  }
  const message: Message = {
    identities: frames.slice(0, at),
    header: JSON.parse(header.toString()),
    parent_header: JSON.parse(parent.toString()),
    metadata: JSON.parse(metadata.toString()),
    content: JSON.parse(content.toString()),
    buffers: frames.slice(at + 6),
    signature: signed,
  };
  const { msg_type, msg_id } = (isObject(message.header) ? message.header : {}) as Partial<Header>;
  if (typeof msg_type !== "string" || msg_type === "" || typeof msg_id !== "string") {
    throw new RangeError(
      `malformed message: the header must be an object with a msg_type and a msg_id, got ${header.toString().slice(0, 200)}`,
    );
  }
  for (const part of ["parent_header", "metadata"] as const) {
    if (!isObject(message[part])) {
      throw new RangeError(`malformed message (${msg_type}): ${part} must be a JSON object`);
    }
  }
  return message;
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Encodes a message into signed frames. */
export function encode(message: Message<unknown>, signer: Signer): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((p) =>
    Buffer.from(JSON.stringify(p)),
  );
  return [
    ...message.identities,
    Buffer.from(delimiter),
    Buffer.from(signer.sign(parts)),
    ...parts,
    ...message.buffers,
  ];
}

/** A new message in answer to (or caused by) `parent`, in the same session. */
export function reply<C>(
  parent: Message<unknown> | undefined,
  msgType: string,
  content: C,
  session: string,
  identities: Buffer[] = parent?.identities ?? [],
): Message<C> {
  return {
    identities,
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session,
      username: "explr",
      date: new Date().toISOString(),
      version: protocolVersion,
    },
    parent_header: parent?.header ?? {},
    metadata: {},
    content,
    buffers: [],
  };
}
