/**
 * stdin: a cell's `await input()` and blocking `prompt()` send an input_request on behalf of the running cell and
 * wait for the frontend's input_reply; an interrupt rejects the one awaited, or wakes the blocked one.
 */
import type { Transport } from "./kernel.js";
import { type Message, reply } from "./protocol/wire.js";
import { contentOf } from "./request-fields.js";

/** What the input requests need of the cell that asks. */
export interface AskingCell {
  /** The execute_request of the running cell (or of the last one, for work it left running). */
  parent(): Message | undefined;
  /** Publishes the cell's pending output, so that a prompt appears after what was printed before it. */
  flush(): void;
  /** Stops the cell's other work (its `cellSignal()`): a blocked prompt woken by an interrupt raised no SIGINT. */
  abort(reason: unknown): void;
}

export class InputRequests {
  readonly #transport: Pick<Transport, "send" | "askBlocking">;
  readonly #session: string;
  readonly #cell: AskingCell;
  #pending: { resolve(value: string): void; reject(error: Error): void } | undefined;

  constructor(transport: Pick<Transport, "send" | "askBlocking">, session: string, cell: AskingCell) {
    this.#transport = transport;
    this.#session = session;
    this.#cell = cell;
  }

  /** `await input(prompt)`: resolves with the frontend's answer. */
  ask(prompt: string, password: boolean): Promise<string> {
    let request: Message<unknown>;
    try {
      request = this.#request(prompt, password);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      void this.#transport.send("stdin", request);
    });
  }

  /** `prompt(prompt)`: blocks the thread until the frontend answers; throws "Interrupted" when interrupted. */
  askBlocking(prompt: string, password: boolean): string {
    if (!this.#transport.askBlocking) {
      throw new Error("this kernel cannot block for input here; use `await input()` from explr/kernel");
    }
    try {
      return this.#transport.askBlocking(this.#request(prompt, password));
    } catch (error) {
      if ((error as Error).name === "Interrupted") this.#cell.abort(error);
      throw error;
    }
  }

  /** A message on stdin: the input_reply an awaited `input()` waits for; anything else is ignored. */
  receive(message: Message): void {
    if (message.header.msg_type !== "input_reply" || !this.#pending) return;
    const value = contentOf(message).value;
    const pending = this.#pending;
    this.#pending = undefined;
    pending.resolve(typeof value === "string" ? value : "");
  }

  /** Rejects the awaited `input()`, if any. */
  interrupt(): void {
    this.#pending?.reject(Object.assign(new Error("input interrupted"), { name: "Interrupted" }));
    this.#pending = undefined;
  }

  /** The input_request for the running cell, or an error saying why none can be sent. */
  #request(prompt: string, password: boolean): Message<unknown> {
    const parent = this.#cell.parent();
    if (!parent || parent.content.allow_stdin === false) {
      throw new Error("this frontend does not accept input (its request had allow_stdin: false)");
    }
    if (this.#pending) throw new Error("an input request is already waiting for an answer");
    this.#cell.flush();
    return reply(parent, "input_request", { prompt, password }, this.#session);
  }
}
