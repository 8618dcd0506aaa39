/**
 * `interact(controls, render)`: the controls above an Output that shows `render(values)`, rendered again when a
 * control moves. While a slider is dragged, values arrive faster than a figure renders: renders never overlap, and
 * the values that arrived during one are coalesced into a single next render with the latest values, started no
 * sooner than `minIntervalMs` after the previous one started. Without a frontend (a headless run) the controls
 * keep their initial values and `render` runs once.
 *
 * @example
 *   const eta = new widgets.FloatSlider({ value: 0.1, min: 0.01, max: 1, step: 0.01, description: "η" });
 *   const view = await widgets.interact({ eta }, ({ eta }) => plot.lines(...));   // shows the slider and the figure
 */
import { display, inNotebook } from "../display.js";
import { VBox } from "./box.js";
import type { ValueControl } from "./control.js";
import { Output } from "./output.js";

export type Controls = Record<string, ValueControl<unknown>>;
export type ValuesOf<C extends Controls> = { [K in keyof C]: C[K] extends ValueControl<infer T> ? T : never };
/** Returns what the output shows (a figure, text...); returning undefined leaves the output as `render` left it. */
export type Render<C extends Controls> = (values: ValuesOf<C>, output: Output) => unknown;

export interface InteractOptions {
  /** The least time between the starts of two renders (default 50 ms). */
  minIntervalMs?: number;
}

export class Interactive<C extends Controls> extends VBox {
  readonly controls: C;
  readonly output: Output;
  readonly #render: Render<C>;
  readonly #minIntervalMs: number;
  readonly #unsubscribe: (() => void)[];
  #dirty = false;
  #running: Promise<void> | undefined;
  #lastStart = Number.NEGATIVE_INFINITY;
  #renders = 0;
  #lastError: unknown;

  constructor(controls: C, render: Render<C>, options: InteractOptions = {}) {
    const entries = Object.entries(controls);
    if (entries.length === 0)
      throw new RangeError("interact needs at least one control: interact({ eta }, render)");
    for (const [name, control] of entries) {
      if (typeof (control as Partial<ValueControl<unknown>>)?.onChange !== "function") {
        throw new TypeError(
          `interact control "${name}" is not a control with a value (a slider, dropdown, ...)`,
        );
      }
    }
    if (typeof render !== "function")
      throw new TypeError("interact needs a render function: (values) => figure");
    const minIntervalMs = options.minIntervalMs ?? 50;
    if (!(minIntervalMs >= 0))
      throw new RangeError(`interact minIntervalMs must be ≥ 0, got ${minIntervalMs}`);
    const output = new Output();
    super([...entries.map(([, control]) => control), output]);
    this.controls = controls;
    this.output = output;
    this.#render = render;
    this.#minIntervalMs = minIntervalMs;
    this.#unsubscribe = entries.map(([, control]) => control.onChange(() => this.#schedule()));
    this.#schedule();
  }

  /** The controls' current values, by the names given to `interact`. */
  get values(): ValuesOf<C> {
    return Object.fromEntries(
      Object.entries(this.controls).map(([name, control]) => [name, control.value]),
    ) as ValuesOf<C>;
  }

  /** How many renders have finished. */
  get renders(): number {
    return this.#renders;
  }

  /** Resolves once no render runs or waits; rejects with the error of the last render if it failed. */
  async settled(): Promise<void> {
    while (this.#running) await this.#running;
    if (this.#lastError !== undefined) throw this.#lastError;
  }

  /** Stops re-rendering and closes the box and its output; the controls stay open (they are the caller's). */
  override close(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#dirty = false;
    this.output.close();
    super.close();
  }

  #schedule(): void {
    this.#dirty = true;
    this.#running ??= this.#loop().finally(() => {
      this.#running = undefined;
    });
  }

  async #loop(): Promise<void> {
    while (this.#dirty && !this.closed) {
      const wait = Math.max(0, this.#lastStart + this.#minIntervalMs - performance.now());
      // a tick at least: values that arrive together are rendered together
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (!this.#dirty || this.closed) return;
      this.#dirty = false;
      this.#lastStart = performance.now();
      await this.#renderOnce();
    }
  }

  async #renderOnce(): Promise<void> {
    try {
      const shown = await this.#render(this.values, this.output);
      this.#lastError = undefined;
      if (shown !== undefined && !this.output.closed) this.output.show(shown);
    } catch (error) {
      this.#lastError = error;
      if (!this.output.closed) {
        this.output.clear();
        this.output.write(
          `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
          "stderr",
        );
      }
    }
    this.#renders++;
  }
}

/**
 * Shows the controls with `render(values)` below them where it is called, as ipywidgets' `interact` does, and
 * renders again whenever one moves; resolves, after the first render, to the box (a cell that ends with it does not
 * show it twice; `display(view)` in a later cell shows it again). Rejects if the first render fails.
 */
export async function interact<C extends Controls>(
  controls: C,
  render: Render<C>,
  options: InteractOptions = {},
): Promise<Interactive<C>> {
  const interactive = new Interactive(controls, render, options);
  if (inNotebook()) display(interactive);
  await interactive.settled();
  return interactive;
}
