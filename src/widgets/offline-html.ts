/**
 * How a widget's saved state is drawn in a page without a widget manager (explr's HTML report): each widget module
 * gives the drawing of its models next to the class, and `offlineDrawings` (drawings.ts) lists them by model name.
 * Controls are drawn static (disabled inputs) as the run left them.
 */
import { escapeHtml } from "../plot/html.js";
import type { ModelState } from "./protocol.js";

/** Drawn HTML, and whether it needs plotly.js on the page. */
export interface Drawn {
  html: string;
  usesPlotly: boolean;
}

/** What a drawing needs beyond its own state: the views of the models it contains, and its saved outputs. */
export interface OfflineContext {
  /** The view of a contained model (`IPY_MODEL_<id>` or the id), or undefined when it was not saved. */
  child(reference: string): Drawn | undefined;
  /** A saved output (nbformat), drawn as the page draws outputs. */
  output(output: Readonly<Record<string, unknown>>): Drawn;
}

/** Draws the view of one model from its saved state. */
export type OfflineDrawing = (state: Readonly<ModelState>, context: OfflineContext) => Drawn;

/** HTML that needs nothing from the page. */
export const inert = (html: string): Drawn => ({ html, usesPlotly: false });

/** A control with its description beside it, as ipywidgets lays out a `DescriptionWidget`. */
export function describedHtml(state: Readonly<ModelState>, control: string): Drawn {
  const description = String(state.description ?? "");
  return inert(
    `<span class="widget" style="display:flex;gap:0.5em;align-items:center">${
      description ? `<label>${escapeHtml(description)}</label>` : ""
    }${control}</span>`,
  );
}
