/**
 * The main thread's end of the side thread (`side-thread.ts`): sends on control and stdin, receives their
 * messages, and answers a synchronous prompt by sleeping on the shared input slot until the side thread has the
 * reply (or an interrupt).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Engine } from "../engine.js";
import type { ConnectionInfo } from "./connection.js";
import type { DigestHistory } from "./digest-history.js";
import {
  cellsSlot,
  closedSlot,
  type FromSide,
  InputSlot,
  type SideChannel,
  type SideThreadData,
  type ToSide,
} from "./side-protocol.js";
import { encode, type Message, type Signer } from "./wire.js";

export interface SideHandlers {
  message(message: Message, channel: SideChannel): void;
  interrupted(message: Message): void;
  log(line: string): void;
}

export class SideChannels {
  readonly #worker: Worker;
  readonly #signer: Signer;
  readonly #slot = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  readonly #inputPort: MessagePort;
  /** Resolves when the side thread has bound its sockets. */
  readonly ready: Promise<void>;

  /**
   * Starts the side thread. `digests` holds the signatures the main thread has seen (shell's): a message on
   * control or stdin that replays one of them is dropped here (the side thread checks control and stdin's own).
   */
  constructor(
    info: ConnectionInfo,
    signer: Signer,
    digests: DigestHistory,
    session: string,
    handlers: SideHandlers,
  ) {
    this.#signer = signer;
    const { port1, port2 } = new MessageChannel();
    this.#inputPort = port1;
    const data: SideThreadData = {
      info,
      session,
      slots: this.#slot.buffer as SharedArrayBuffer,
      inputPort: port2,
    };
    this.#worker = new Worker(new URL("./side-thread.js", import.meta.url), {
      workerData: data,
      transferList: [port2],
    });
    this.ready = new Promise((resolve, reject) => {
      this.#worker.once("error", reject);
      this.#worker.on("message", (message: FromSide) => {
        if (message.kind === "ready") resolve();
        else if (message.kind === "message") {
          const { signature } = message.message;
          if (signature && !digests.admit(signature)) {
            handlers.log(
              `dropped a message on ${message.channel} (a replay of a message sent on another channel)`,
            );
          } else handlers.message(message.message, message.channel);
        } else if (message.kind === "interrupted") handlers.interrupted(message.message);
        else if (message.kind === "log") handlers.log(message.line);
        else handlers.log(`dropped a message on ${message.channel} (${message.why})`);
      });
    });
    this.#worker.on("error", (error) => handlers.log(`side thread failed: ${error.stack ?? error}`));
  }

  send(channel: SideChannel, message: Message<unknown>): Promise<void> {
    this.#post({ kind: "send", channel, frames: encode(message, this.#signer) });
    return Promise.resolve();
  }

  /**
   * Sends `request` (an input_request) and blocks this thread until the frontend answers. Throws an error named
   * "Interrupted" when an interrupt_request arrives first.
   */
  askBlocking(request: Message<unknown>): string {
    Atomics.store(this.#slot, 0, InputSlot.waiting);
    this.#post({ kind: "expectBlockingInput" });
    this.#post({ kind: "send", channel: "stdin", frames: encode(request, this.#signer) });
    while (Atomics.load(this.#slot, 0) === InputSlot.waiting) Atomics.wait(this.#slot, 0, InputSlot.waiting);
    if (Atomics.load(this.#slot, 0) === InputSlot.interrupted) {
      throw Object.assign(new Error("input interrupted"), { name: "Interrupted" });
    }
    const answer = receiveMessageOnPort(this.#inputPort);
    if (!answer) throw new Error("the side thread woke a prompt without an answer (a bug in explr)");
    return answer.message as string;
  }

  /**
   * `engine` with the side thread told when each cell runs: an interrupt_request raises SIGINT only then. Raised
   * while idle, the SIGINT would reach the process through Node's watchdog thread, and on a busy machine could land
   * in the cell that starts next and interrupt it.
   */
  tellingCells(engine: Engine): Engine {
    return {
      execute: async (code, executionCount) => {
        Atomics.add(this.#slot, cellsSlot, 1);
        try {
          return await engine.execute(code, executionCount);
        } finally {
          Atomics.sub(this.#slot, cellsSlot, 1);
        }
      },
      complete: (code, cursor) => engine.complete(code, cursor),
      inspect: (code, cursor) => engine.inspect(code, cursor),
      isComplete: (code) => engine.isComplete(code),
      interrupt: () => engine.interrupt(),
      close: () => engine.close(),
    };
  }

  /** Has the side thread close its sockets and waits for the thread to end: the clean way out. */
  close(): Promise<void> {
    const ended = new Promise<void>((resolve) => this.#worker.once("exit", () => resolve()));
    this.#requestClose();
    return ended;
  }

  /**
   * Has the side thread close its sockets, and waits for that (at most 5 s) without returning to the event
   * loop, so it can run in the process's "exit" event (a cell's `process.exit(code)`): zeromq aborts the process
   * when a thread is torn down with sockets open.
   */
  closeBlocking(): void {
    if (Atomics.load(this.#slot, closedSlot) === 1) return;
    this.#requestClose();
    Atomics.wait(this.#slot, closedSlot, 0, 5000);
  }

  #requestClose(): void {
    this.#inputPort.close();
    this.#post({ kind: "close" });
  }

  #post(message: ToSide): void {
    this.#worker.postMessage(message);
  }
}
