/**
 * What a client has received from its kernel, sorted for lookup: replies go to the request awaiting them, IOPub
 * messages are kept by their parent's msg_id, and waiters get the first message that passes their test.
 */
import type { Message } from "../kernel/protocol/wire.js";

const parentId = (message: Message): string | undefined =>
  (message.parent_header as { msg_id?: string }).msg_id;

export class Inbox {
  /** The IOPub messages received so far, in order, by their parent's msg_id ("" for none): lookups stay cheap in
   * long runs (a bench sends thousands of cells). */
  readonly #published = new Map<string, Message[]>();
  readonly #replies = new Map<string, (m: Message) => void>();
  readonly #waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  /** Takes a message from any channel: settles the request it answers and the waiters it satisfies. */
  receive(message: Message): void {
    const parent = parentId(message);
    const answered = message.header.msg_type.endsWith("_reply") && parent && this.#replies.get(parent);
    if (answered) {
      this.#replies.delete(parent);
      answered(message);
    }
    for (const waiter of [...this.#waiters]) {
      if (waiter.test(message)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  /** Keeps an IOPub message under its parent. */
  record(message: Message): void {
    const parent = parentId(message) ?? "";
    const list = this.#published.get(parent);
    if (list) list.push(message);
    else this.#published.set(parent, [message]);
  }

  /** Resolves with the reply to the request `msgId`. */
  replyTo(msgId: string): Promise<Message> {
    return new Promise((resolve) => this.#replies.set(msgId, resolve));
  }

  /** Every IOPub message kept with `parent` as its parent, status included, in order. */
  publishedFor(parent: Message<unknown>): Message[] {
    return this.#published.get(parent.header.msg_id) ?? [];
  }

  /** Resolves with the next message (from now on) that passes `test`. */
  next(test: (m: Message) => boolean): Promise<Message> {
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  /** Resolves when idle has been published for `parent`: all of its outputs have arrived. */
  idle(parent: Message<unknown>): Promise<Message> {
    const isIdle = (m: Message) =>
      m.header.msg_type === "status" &&
      m.content.execution_state === "idle" &&
      parentId(m) === parent.header.msg_id;
    const already = this.publishedFor(parent).find(isIdle);
    return already ? Promise.resolve(already) : this.next(isIdle);
  }
}
