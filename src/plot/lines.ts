/**
 * Named x/y series and the line plot every builder of this folder is made of.
 */
import { Figure } from "./figure.js";
import type { PlotlyLayout, PlotlyTrace } from "./spec.js";
import { seriesColor } from "./theme.js";

/** Points of one curve: `y[i]` at `x[i]`. Non-finite y values (a diverged loss) leave a gap. */
export interface Curve {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** A curve with the name shown in the legend. */
export interface Series extends Curve {
  readonly name: string;
}

export type AxisScale = "linear" | "log";

export interface LinePlotOptions {
  readonly title?: string;
  readonly xTitle?: string;
  readonly yTitle?: string;
  readonly xScale?: AxisScale;
  readonly yScale?: AxisScale;
}

/**
 * Throws when a curve cannot be drawn as asked: x and y of different lengths, or a value ≤ 0 on a log axis (plotly
 * would silently drop it).
 */
export function checkCurve(name: string, curve: Curve, scales: { x?: AxisScale; y?: AxisScale } = {}): void {
  if (curve.x.length !== curve.y.length) {
    throw new RangeError(
      `Series "${name}" has ${curve.x.length} x values but ${curve.y.length} y values: give one x per y`,
    );
  }
  for (const [axis, values] of [
    ["x", curve.x],
    ["y", curve.y],
  ] as const) {
    if (scales[axis] !== "log") continue;
    const index = values.findIndex((v) => v <= 0);
    if (index >= 0) {
      throw new RangeError(
        `Series "${name}" has ${axis} = ${values[index]} at index ${index}, which a log ${axis} axis cannot show: ` +
          `use ${axis}Scale: "linear" or drop the non-positive points`,
      );
    }
  }
}

/** A plotly line trace for one curve. */
export function lineTrace(name: string, curve: Curve, style: PlotlyTrace = {}): PlotlyTrace {
  return { type: "scatter", mode: "lines", name, x: [...curve.x], y: [...curve.y], ...style };
}

/** An axis layout with a title and a scale. */
export function axisLayout(title: string | undefined, scale: AxisScale = "linear"): PlotlyLayout {
  return { type: scale, ...(title === undefined ? {} : { title: { text: title } }) };
}

/**
 * The horizontal domain of panel `index` of `count` side-by-side panels, with a gap between them.
 *
 * @example panelDomain(1, 2) // [0.54, 1]
 */
export function panelDomain(index: number, count: number): [number, number] {
  const gap = 0.08;
  const width = (1 - gap * (count - 1)) / count;
  const start = index * (width + gap);
  return [start, Math.min(1, start + width)];
}

/** The title part of a layout. */
export function titleLayout(title: string | undefined): PlotlyLayout {
  return title === undefined ? {} : { title: { text: title } };
}

/**
 * Several named curves on one pair of axes.
 *
 * @example
 * linePlot([{ name: "conv1", x: [0, 1, 2], y: [1, 1.2, 1.5] }], { yTitle: "‖w‖", yScale: "log" })
 */
export function linePlot(series: readonly Series[], options: LinePlotOptions = {}): Figure {
  if (series.length === 0) throw new RangeError("Nothing to plot: give at least one series");
  for (const s of series) checkCurve(s.name, s, { x: options.xScale, y: options.yScale });
  return new Figure({
    data: series.map((s, i) => lineTrace(s.name, s, { line: { color: seriesColor(i) } })),
    layout: {
      ...titleLayout(options.title),
      xaxis: axisLayout(options.xTitle, options.xScale),
      yaxis: axisLayout(options.yTitle, options.yScale),
      showlegend: series.length > 1,
    },
  });
}
