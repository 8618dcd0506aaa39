/**
 * A cell's outputs on IOPub: stdout/stderr streams (buffered, flushed before any other output so the order is
 * kept), rich displays with display_id updates, and clear_output. Implements the library's `DisplaySink`.
 */
import { inspect } from "node:util";
import {
  type DisplayData,
  type DisplayOptions,
  type DisplaySink,
  isDisplayable,
  type MimeBundle,
  toDisplayData,
} from "../src/display.js";
import type { Message } from "./protocol/wire.js";

export type Publish = (
  msgType: string,
  content: Record<string, unknown>,
  parent: Message | undefined,
) => void;
type StreamName = "stdout" | "stderr";

/** The MIME bundle of a cell's value: its own display if it has one, else Node's inspection as text/plain. */
export function bundleOf(value: unknown): DisplayData {
  if (isDisplayable(value)) {
    const shown = toDisplayData(value);
    const data: MimeBundle = { ...shown.data };
    data["text/plain"] ??= inspect(value, { depth: 2 });
    return { data, metadata: shown.metadata ?? {} };
  }
  return { data: { "text/plain": inspect(value, { depth: 4, maxArrayLength: 100 }) }, metadata: {} };
}

export class CellOutputs implements DisplaySink {
  /** The request outputs belong to: the running cell, or the last one for output written after it ended. */
  parent: Message | undefined;
  readonly #publish: Publish;
  /** The values displayed since the current cell started: its result is not shown again when it is one of them. */
  #displayed = new WeakSet<object>();
  #pending: { name: StreamName; text: string } | undefined;
  #flushScheduled = false;

  constructor(publish: Publish) {
    this.#publish = publish;
  }

  /** Outputs from now on belong to the cell run by `request`. */
  startCell(request: Message): void {
    this.flush();
    this.parent = request;
    this.#displayed = new WeakSet();
  }

  /** Whether the current cell displayed `value` (by `display(value)`, or by itself as `interact` does). */
  displayedInCell(value: unknown): boolean {
    return isObject(value) && this.#displayed.has(value);
  }

  write(name: StreamName, text: string): void {
    if (this.#pending && this.#pending.name !== name) this.flush();
    if (this.#pending) this.#pending.text += text;
    else this.#pending = { name, text };
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.#flushScheduled = false;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) this.#publish("stream", { name: pending.name, text: pending.text }, this.parent);
  }

  display(data: DisplayData, options: DisplayOptions = {}, shown?: unknown): void {
    this.flush();
    if (isObject(shown) && !options.update) this.#displayed.add(shown);
    const content: Record<string, unknown> = {
      data: data.data,
      metadata: data.metadata ?? {},
      transient: {},
    };
    if (options.displayId !== undefined) content.transient = { display_id: options.displayId };
    if (options.update && options.displayId === undefined) {
      throw new TypeError("display(value, { update: true }) needs the displayId of the output to replace");
    }
    this.#publish(options.update ? "update_display_data" : "display_data", content, this.parent);
  }

  clearOutput(wait: boolean): void {
    this.flush();
    this.#publish("clear_output", { wait }, this.parent);
  }

  /** Sends process.stdout/stderr writes (console.log, progress bars) to this cell's streams. */
  captureProcessStreams(): void {
    for (const name of ["stdout", "stderr"] as const) {
      process[name].write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
        this.write(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        const done = typeof encoding === "function" ? encoding : callback;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof process.stdout.write;
    }
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
