/**
 * plotly.js itself (plotly.js-dist-min, ≈ 4.8 MB) and the rule that a kernel session puts it into notebook outputs
 * once: the first HTML output carries it, later ones use the `window.Plotly` it defined.
 *
 * The trade-off, chosen so a notebook of ten figures stays ≈ 5 MB instead of 50 MB:
 * - live, and in a notebook exported with `jupyter nbconvert --to html`, every figure draws: the carrier comes first
 *   in the page and the others wait for it;
 * - in a saved notebook reopened in Notebook 6 / nbclassic (trusted), figures draw as long as the carrier's output
 *   is still there; if it was cleared, the others say so and ask to re-run (re-running the notebook, i.e. a new
 *   kernel session, makes a new carrier);
 * - JupyterLab, Notebook 7 and VS Code draw the `application/vnd.plotly.v1+json` part and never need this.
 * Files written by `Figure.save` and reports always inline plotly.js once per page: they must work offline alone.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

let cachedSource: string | undefined;

/** The minified plotly.js bundle, read once from the installed `plotly.js-dist-min`. */
export function plotlyJsSource(): string {
  cachedSource ??= readFileSync(createRequire(import.meta.url).resolve("plotly.js-dist-min"), "utf8");
  return cachedSource;
}

/** Hands out the right to inline plotly.js exactly once. */
export class PlotlyInlining {
  #taken = false;

  /** True the first time only: the caller must then include plotly.js in its output. */
  take(): boolean {
    if (this.#taken) return false;
    this.#taken = true;
    return true;
  }
}

/** The process-wide inlining state used by notebook outputs (one kernel session = one process). */
export const sessionInlining = new PlotlyInlining();
