/**
 * SIGINT in the kernel: stops a synchronous cell (vm's `breakOnSigint`), and interrupts an awaiting cell or does
 * nothing harmful when idle, without a thread started and joined for every cell.
 *
 * Node stops a synchronous script on SIGINT through a watchdog thread that it starts when a `breakOnSigint` run
 * begins and joins when it ends, unless another watchdog keeps it running. Starting and joining it was most of a
 * warm cell's run time on a loaded machine (bench/NOTES.md, the kernel's log). Here holder threads
 * (`sigint-holder.ts`) keep a watchdog registered, so a cell's own costs microseconds; a SIGINT while no cell runs
 * synchronously reaches the latest holder, which tells this thread and goes back in. There are three holders so that
 * while one goes back in, another keeps a watchdog registered: with none, Node puts back SIGINT's default action,
 * and a SIGINT in that moment would end the kernel. On a loaded machine a holder can be descheduled for milliseconds
 * just as it goes back in, so with two a fast burst of SIGINTs could find both out (bench/NOTES.md).
 *
 * This only works while the main thread has no `process.on("SIGINT")` listener: with one, vm takes the listeners
 * off during each run, and when the last one goes, Node's signal handling restores the default action, under the
 * watchdog's feet. So at start (until the holders are in), and for good once a cell or a library adds a SIGINT
 * listener, the kernel listens with `process.on("SIGINT")` as Node expects and each cell starts its own watchdog.
 */
import { Worker } from "node:worker_threads";
import type { Engine } from "../engine.js";
import { end, inside, outside, readyMessage, sigintMessage, state, want } from "./sigint-protocol.js";

/** How many holder threads keep a watchdog registered: three, so that one is in while others go back in. */
const holderCount = 3;

/** One holder thread and the words it shares with this thread (`sigint-protocol.ts`). */
class Holder {
  readonly words = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  readonly worker = new Worker(new URL("./sigint-holder.js", import.meta.url), {
    workerData: this.words.buffer,
  });
  ready = false;

  constructor() {
    this.worker.unref();
  }

  get alive(): boolean {
    return this.worker.threadId !== -1 && Atomics.load(this.words, want) !== end;
  }

  ask(wanted: number): void {
    Atomics.store(this.words, want, wanted);
    Atomics.notify(this.words, want);
  }

  /** Waits (at most a second) until the holder's state is no longer `notState`; false on timeout. */
  settled(notState: number): boolean {
    return Atomics.wait(this.words, state, notState, 1000) !== "timed-out";
  }
}

export class SigintWatch {
  readonly #holders: Holder[] = [];
  readonly #onSigint: () => void;
  readonly #listener = () => this.#onSigint();
  #mode: "listener" | "holder" = "listener";
  /** Set once anyone else listened for SIGINT, or a holder failed: the listener mode stays. */
  #listenerForGood = false;
  #switching = false;
  #inCell = false;

  constructor(onSigint: () => void) {
    this.#onSigint = onSigint;
    process.on("SIGINT", this.#listener);
    for (let n = 0; n < holderCount; n++) {
      const holder = new Holder();
      holder.worker.on("message", (message) => {
        if (message === sigintMessage) this.#onSigint();
        else if (message === readyMessage) {
          holder.ready = true;
          this.#settle();
        }
      });
      holder.worker.on("error", () => this.#toListener());
      this.#holders.push(holder);
    }
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
    for (const holder of this.#holders) holder.ask(end);
  }

  readonly #listenersChanged = (event: string | symbol) => {
    if (event === "SIGINT" && !this.#switching && !this.#inCell) setImmediate(() => this.#settle());
  };

  /** Into holder mode when nobody else listens for SIGINT; out of it, for good, once someone does. */
  #settle(): void {
    const others = process.listenerCount("SIGINT") - (this.#mode === "listener" ? 1 : 0);
    if (others > 0) this.#toListener();
    else if (this.#mode === "listener" && !this.#listenerForGood && !this.#inCell && this.#holdersReady()) {
      this.#toHolder();
    }
  }

  #holdersReady(): boolean {
    return this.#holders.every((holder) => holder.ready && holder.alive);
  }

  #toHolder(): void {
    this.#switching = true;
    try {
      // in this order: taking the last listener off restores SIGINT's default action, and the first holder's
      // watchdog starting installs the watchdog's handler over it
      process.off("SIGINT", this.#listener);
      for (const holder of this.#holders) holder.ask(inside);
      // counted as in even if one is late: #toListener then takes them out and puts Node's handling back
      this.#mode = "holder";
      if (!this.#holders.every((holder) => holder.settled(outside))) this.#toListener();
    } finally {
      this.#switching = false;
    }
  }

  #toListener(): void {
    this.#listenerForGood = true;
    if (this.#mode === "listener") return;
    this.#switching = true;
    try {
      for (const holder of this.#holders) holder.ask(outside);
      for (const holder of this.#holders) holder.settled(inside);
      // the last holder's watchdog stopping left SIGINT to Node's exit handler: take the listeners off and put them back,
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
