/**
 * SIGINT in the kernel: stops a synchronous cell (vm's `breakOnSigint`), and interrupts an awaiting cell or does
 * nothing harmful when idle, without a thread started and joined for every cell.
 *
 * Node stops a synchronous script on SIGINT through a watchdog thread that it starts when a `breakOnSigint` run
 * begins and joins when it ends, unless another watchdog keeps it running. Starting and joining it was most of a
 * warm cell's run time on a loaded machine (bench/NOTES.md, the kernel's log). Here a
 * holder thread (`sigint-holder.ts`) keeps a watchdog registered, so a cell's own costs microseconds; a SIGINT while
 * no cell runs synchronously reaches the holder, which tells this thread.
 *
 * This only works while the main thread has no `process.on("SIGINT")` listener: with one, vm takes the listeners
 * off during each run, and when the last one goes, Node's signal handling restores the default action, under the
 * watchdog's feet. So at start (until the holder is in), and for good once a cell or a library adds a SIGINT
 * listener, the kernel listens with `process.on("SIGINT")` as Node expects and each cell starts its own watchdog.
 */
import { Worker } from "node:worker_threads";
import type { Engine } from "../engine.js";
import { end, inside, outside, readyMessage, sigintMessage, state, want } from "./sigint-protocol.js";

export class SigintWatch {
  readonly #words = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  readonly #holder: Worker;
  readonly #onSigint: () => void;
  readonly #listener = () => this.#onSigint();
  #mode: "listener" | "holder" = "listener";
  /** Set once anyone else listened for SIGINT, or the holder failed: the listener mode stays. */
  #listenerForGood = false;
  #switching = false;
  #inCell = false;

  constructor(onSigint: () => void) {
    this.#onSigint = onSigint;
    process.on("SIGINT", this.#listener);
    this.#holder = new Worker(new URL("./sigint-holder.js", import.meta.url), {
      workerData: this.#words.buffer,
    });
    this.#holder.unref();
    this.#holder.on("message", (message) => {
      if (message === sigintMessage) this.#onSigint();
      else if (message === readyMessage) this.#settle();
    });
    this.#holder.on("error", () => this.#toListener());
    process.on("newListener", this.#listenersChanged);
  }

  /** `engine` with each cell run under this watch. */
  guard(engine: Engine): Engine {
    return {
      execute: async (code, executionCount) => {
        this.#inCell = true;
        this.#settle();
        try {
          return await engine.execute(code, executionCount);
        } finally {
          this.#inCell = false;
          this.#settle();
        }
      },
      complete: (code, cursor) => engine.complete(code, cursor),
      inspect: (code, cursor) => engine.inspect(code, cursor),
      isComplete: (code) => engine.isComplete(code),
      interrupt: () => engine.interrupt(),
      close: () => engine.close(),
    };
  }

  /** Which of the two ways SIGINT reaches the kernel now (for tests). */
  get mode(): "listener" | "holder" {
    return this.#mode;
  }

  close(): void {
    process.off("newListener", this.#listenersChanged);
    Atomics.store(this.#words, want, end);
    Atomics.notify(this.#words, want);
  }

  readonly #listenersChanged = (event: string | symbol) => {
    if (event === "SIGINT" && !this.#switching && !this.#inCell) setImmediate(() => this.#settle());
  };

  /** Into holder mode when nobody else listens for SIGINT; out of it, for good, once someone does. */
  #settle(): void {
    const others = process.listenerCount("SIGINT") - (this.#mode === "listener" ? 1 : 0);
    if (others > 0) this.#toListener();
    else if (this.#mode === "listener" && !this.#listenerForGood && !this.#inCell && this.#holderAlive()) {
      this.#toHolder();
    }
  }

  #holderAlive(): boolean {
    return this.#holder.threadId !== -1 && Atomics.load(this.#words, want) !== end;
  }

  #toHolder(): void {
    this.#switching = true;
    try {
      // in this order: taking the last listener off restores SIGINT's default action, and the holder's watchdog
      // starting installs the watchdog's handler over it
      process.off("SIGINT", this.#listener);
      Atomics.store(this.#words, want, inside);
      Atomics.notify(this.#words, want);
      // counted as in even if it is late: #toListener then takes it out and puts Node's handling back
      this.#mode = "holder";
      if (Atomics.wait(this.#words, state, outside, 1000) === "timed-out") this.#toListener();
    } finally {
      this.#switching = false;
    }
  }

  #toListener(): void {
    this.#listenerForGood = true;
    if (this.#mode === "listener") return;
    this.#switching = true;
    try {
      Atomics.store(this.#words, want, outside);
      Atomics.notify(this.#words, want);
      Atomics.wait(this.#words, state, inside, 1000);
      // the holder's watchdog stopping left SIGINT to Node's exit handler: take the listeners off and put them back,
      // as vm does after a run, so that Node's signal handling installs its own again
      const listeners = process.rawListeners("SIGINT") as ((...args: unknown[]) => void)[];
      process.removeAllListeners("SIGINT");
      for (const listener of listeners) process.on("SIGINT", listener);
      process.on("SIGINT", this.#listener);
      this.#mode = "listener";
    } finally {
      this.#switching = false;
    }
  }
}
