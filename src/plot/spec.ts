/**
 * The plain-data shape of a plotly.js figure. Kept deliberately loose (plotly's own types are huge and would pin a
 * version): a trace or a layout is any JSON object plotly.js understands.
 */

/** One plotly.js trace, e.g. `{ type: "scatter", mode: "lines", name: "train", x: [0, 1], y: [2.3, 1.9] }`. */
export interface PlotlyTrace {
  readonly type?: string;
  readonly name?: string;
  readonly [attribute: string]: unknown;
}

export type PlotlyLayout = Record<string, unknown>;
export type PlotlyConfig = Record<string, unknown>;

/** What `Plotly.newPlot(element, data, layout, config)` takes, and what `application/vnd.plotly.v1+json` carries. */
export interface PlotlySpec {
  readonly data: readonly PlotlyTrace[];
  readonly layout: PlotlyLayout;
  readonly config: PlotlyConfig;
}
