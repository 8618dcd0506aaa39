/**
 * The display protocol: how a value of the library shows itself in a notebook, without the library knowing the
 * kernel.
 *
 * An object is displayable when it has a method under `displaySymbol` returning a MIME bundle. The symbol is
 * `Symbol.for("Jupyter.display")`, the one Deno's Jupyter kernel uses, so explr's figures display in Deno too.
 *
 * Live outputs (a training dashboard) need to send, update and clear displays. The kernel registers a
 * `DisplaySink` under `displaySinkSymbol` on `globalThis` before running cells; outside a kernel there is none and
 * `display` prints the text/plain part, so library code runs unchanged in a terminal.
 */

export type MimeBundle = Record<string, unknown>;

export interface DisplayData {
  data: MimeBundle;
  metadata?: Record<string, unknown>;
}

export const displaySymbol: unique symbol = Symbol.for("Jupyter.display") as never;
export const displaySinkSymbol: unique symbol = Symbol.for("explr.displaySink") as never;

export interface Displayable {
  [displaySymbol](): MimeBundle | DisplayData;
}

export interface DisplayOptions {
  /** Names the output so later calls with `update: true` replace it in place (Jupyter's display_id). */
  displayId?: string;
  /** Replace the output named by `displayId` instead of adding a new one. */
  update?: boolean;
}

/** Where displays go: implemented by the kernel. */
export interface DisplaySink {
  /**
   * `shown` is the value displayed, when there is one: a cell whose result is a value it has displayed already
   * does not show it a second time (`await widgets.interact(...)` shows itself where it is called).
   */
  display(data: DisplayData, options: DisplayOptions, shown?: unknown): void;
  clearOutput(wait: boolean): void;
}

export function isDisplayable(value: unknown): value is Displayable {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as Partial<Displayable>)[displaySymbol] === "function"
  );
}

/** The bundle of a displayable value, normalized to `{ data, metadata }`. */
export function toDisplayData(value: Displayable): DisplayData {
  const shown = value[displaySymbol]();
  return isDisplayData(shown) ? shown : { data: shown };
}

function isDisplayData(value: MimeBundle | DisplayData): value is DisplayData {
  const data = (value as DisplayData).data;
  return (
    typeof data === "object" &&
    data !== null &&
    !Array.isArray(data) &&
    Object.keys(value).every((k) => k === "data" || k === "metadata")
  );
}

function currentSink(): DisplaySink | undefined {
  return (globalThis as Record<symbol, DisplaySink | undefined>)[displaySinkSymbol];
}

/** Shows a value: a rich display in a notebook, its text/plain form (or String(value)) elsewhere. */
export function display(value: unknown, options: DisplayOptions = {}): void {
  const data = isDisplayable(value) ? toDisplayData(value) : { data: { "text/plain": String(value) } };
  const sink = currentSink();
  if (sink) {
    sink.display(data, options, value);
  } else if (!options.update) {
    console.log(String(data.data["text/plain"] ?? value));
  }
}

/** Clears the cell's output; with `wait`, only when the next output arrives (no flicker in live displays). */
export function clearOutput(wait = false): void {
  currentSink()?.clearOutput(wait);
}

/** Whether a kernel is listening: live displays use this to choose between a notebook dashboard and a terminal bar. */
export function inNotebook(): boolean {
  return currentSink() !== undefined;
}
