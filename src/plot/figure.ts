/**
 * A plotly.js figure as plain data that shows itself: in a notebook through the display protocol, elsewhere as a
 * saved HTML or JSON file.
 */
import { extname } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { type Displayable, type DisplayData, displaySymbol, type MimeBundle } from "../display.js";
import { htmlPage, plotElement } from "./html.js";
import { type PlotlyInlining, sessionInlining } from "./plotly-js.js";
import type { PlotlyConfig, PlotlyLayout, PlotlySpec, PlotlyTrace } from "./spec.js";
import { themeConfig, themedLayout } from "./theme.js";

export const plotlyMimeType = "application/vnd.plotly.v1+json";

export interface FigureInput {
  readonly data: readonly PlotlyTrace[];
  readonly layout?: PlotlyLayout;
  readonly config?: PlotlyConfig;
}

/**
 * A figure with explr's theme applied underneath the given layout.
 *
 * @example
 * const fig = new Figure({ data: [{ type: "scatter", x: [0, 1], y: [1, 2], name: "lr" }], layout: { title: { text: "LR" } } });
 * fig;                    // in a notebook: drawn
 * await fig.save("lr.html");
 */
export class Figure implements Displayable {
  readonly data: readonly PlotlyTrace[];
  readonly layout: PlotlyLayout;
  readonly config: PlotlyConfig;

  constructor(input: FigureInput) {
    if (!Array.isArray(input?.data)) {
      throw new TypeError(`A figure needs data: an array of plotly traces, got ${typeof input?.data}`);
    }
    this.data = input.data;
    this.layout = themedLayout(input.layout ?? {});
    this.config = { ...themeConfig, ...input.config };
  }

  /** The title text, if any. */
  get title(): string | undefined {
    const title = this.layout.title;
    if (typeof title === "string") return title;
    const text = (title as { text?: unknown } | undefined)?.text;
    return typeof text === "string" ? text : undefined;
  }

  /** The plotly spec, as `Plotly.newPlot` and the plotly MIME renderer take it. */
  toJSON(): PlotlySpec {
    return { data: this.data, layout: this.layout, config: this.config };
  }

  /** E.g. `Figure "LR schedules": 2 traces (step decay, exponential)`. */
  toString(): string {
    const names = this.data.map((trace, i) => trace.name ?? `trace ${i}`);
    const count = `${names.length} trace${names.length === 1 ? "" : "s"}`;
    const title = this.title === undefined ? "Figure" : `Figure "${this.title}"`;
    return `${title}: ${count}${names.length > 0 ? ` (${names.join(", ")})` : ""}`;
  }

  /**
   * The notebook bundle: the plotly JSON object for frontends with plotly's renderer, HTML drawing it elsewhere
   * (carrying plotly.js only the first time in this process, see plotly-js.ts), and a text line.
   */
  displayData(inlining: PlotlyInlining = sessionInlining): DisplayData {
    const spec = this.toJSON();
    return {
      data: {
        [plotlyMimeType]: spec,
        "text/html": plotElement(spec, { includePlotly: inlining.take() }),
        "text/plain": this.toString(),
      },
    };
  }

  /** The bare MIME bundle, the shape Deno's kernel expects under the same symbol. */
  [displaySymbol](): MimeBundle {
    return this.displayData().data;
  }

  /** A standalone HTML page that draws the figure offline (plotly.js inlined). */
  toHtml(): string {
    return htmlPage({
      title: this.title ?? "explr figure",
      body: plotElement(this.toJSON()),
      includePlotly: true,
    });
  }

  /**
   * Writes the figure atomically: `.html` (works offline) or `.json` (the plotly spec). Resolves to the path.
   */
  async save(path: string): Promise<string> {
    const extension = extname(path).toLowerCase();
    if (extension === ".html" || extension === ".htm") {
      await writeFileAtomic(path, this.toHtml());
    } else if (extension === ".json") {
      await writeFileAtomic(path, `${JSON.stringify(this.toJSON(), null, 2)}\n`);
    } else {
      throw new TypeError(`Cannot save a figure as "${path}": use a path ending in .html or .json`);
    }
    return path;
  }
}
