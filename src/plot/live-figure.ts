/**
 * One notebook output that shows a figure and redraws it in place (Jupyter's display_id) while it changes, then
 * keeps its final state in the form a saved notebook needs.
 *
 * Why the redraws in between are HTML only: on `update_display_data`, JupyterLab 4 and Notebook 7 hand the new data
 * to the renderer already on the page whenever the preferred MIME type is unchanged, and plotly's renderer
 * (`jupyterlab-plotly`, installed with pip's `plotly`) ignores a new model once it has drawn a graph. So:
 * - the first frame is the full bundle (plotly JSON, HTML, text): plotly's renderer draws it and, loading its
 *   plotly.js, defines `window.Plotly`; frontends without that renderer draw the HTML;
 * - redraws carry HTML and text only: the preferred MIME type changes, the output gets the HTML renderer, which
 *   draws every update anew with `window.Plotly`;
 * - the final frame is the full bundle again, so the notebook saves the plotly JSON that reopened (even untrusted)
 *   notebooks, VS Code and nbconvert draw. Two full frames never follow each other: a redraw goes between them.
 */
import { randomUUID } from "node:crypto";
import { display, displaySymbol, type MimeBundle } from "../display.js";
import { type Figure, plotlyMimeType } from "./figure.js";
import { plotElement } from "./html.js";
import { type PlotlyInlining, sessionInlining } from "./plotly-js.js";

/** Which bundle a frame sends: `full` with the plotly JSON, `redraw` without it. */
export type FrameKind = "full" | "redraw";

export class LiveFigure {
  readonly displayId = `explr-live-${randomUUID()}`;
  readonly #inlining: PlotlyInlining;
  #carriesPlotly = false;
  #lastFrame: FrameKind | undefined;
  /** The kinds of the frames sent so far, oldest first (for tests and benchmarks). */
  readonly frames: FrameKind[] = [];

  /** `inlining` decides whether this output carries plotly.js (default: once per process, shared with figures). */
  constructor(inlining: PlotlyInlining = sessionInlining) {
    this.#inlining = inlining;
  }

  /** Shows the first state as a new output. */
  show(figure: Figure, text: string): void {
    if (this.#lastFrame !== undefined) throw new Error("The live figure is shown already: use redraw()");
    // The first and the final frame carry plotly.js when this output is the session's carrier (see plotly-js.ts).
    this.#carriesPlotly = this.#inlining.take();
    this.#send("full", figure, text);
  }

  /** Replaces the shown state. */
  redraw(figure: Figure, text: string): void {
    this.#requireShown("redraw");
    this.#send("redraw", figure, text);
  }

  /** Replaces the shown state with the final one, the one a saved notebook keeps. */
  finish(figure: Figure, text: string): void {
    this.#requireShown("finish");
    if (this.#lastFrame === "full") this.#send("redraw", figure, text);
    this.#send("full", figure, text);
  }

  #requireShown(method: string): void {
    if (this.#lastFrame === undefined) throw new Error(`${method}() before show(): call show() first`);
  }

  #send(kind: FrameKind, figure: Figure, text: string): void {
    const spec = figure.toJSON();
    const html = plotElement(spec, { includePlotly: kind === "full" && this.#carriesPlotly });
    const bundle: MimeBundle =
      kind === "full"
        ? { [plotlyMimeType]: spec, "text/html": html, "text/plain": text }
        : { "text/html": html, "text/plain": text };
    display(
      { [displaySymbol]: () => bundle },
      { displayId: this.displayId, update: this.#lastFrame !== undefined },
    );
    this.#lastFrame = kind;
    this.frames.push(kind);
  }
}
