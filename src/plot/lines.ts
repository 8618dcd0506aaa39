/**
 * Named x/y series and the line plot every builder of this folder is made of.
 */
import { Figure } from "./figure.js";
import { sessionColors } from "./name-colors.js";
import type { PlotlyLayout, PlotlyTrace } from "./spec.js";

/** Points of one curve: `y[i]` at `x[i]`. Non-finite y values (a diverged loss) leave a gap. */
export interface Curve {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

/** A curve with the name shown in the legend, and a dash to tell it from a curve it may lie on. */
export interface Series extends Curve {
  readonly name: string;
  readonly dash?: "solid" | "dash" | "dot";
  /**
   * The name its colour is keyed on, when not its own: the seeds of one schedule (`"TEXP, seed 1"`, group
   * `"TEXP"`) share the colour that schedule has in every figure, told apart by their dash.
   */
  readonly group?: string;
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
  // Powers of ten, not SI prefixes: "1μ" reads as a unit on an error or LR axis.
  return {
    type: scale,
    ...(scale === "log" ? { exponentformat: "power" } : {}),
    ...(title === undefined ? {} : { title: { text: title } }),
  };
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
  const colors = groupColors(series.map((s) => s.group ?? s.name));
  const overlaps = coincidingSeries(series);
  const hidden = new Set(overlaps.map((o) => o.top));
  return new Figure({
    data: series.map((s, i) =>
      lineTrace(s.name, s, {
        line: {
          color: colors[i],
          ...(s.dash === undefined ? {} : { dash: s.dash }),
          ...(hidden.has(i) ? { dash: "dash", width: 3 } : {}),
        },
      }),
    ),
    layout: {
      ...titleLayout(options.title),
      xaxis: axisLayout(options.xTitle, options.xScale),
      yaxis: axisLayout(options.yTitle, options.yScale),
      showlegend: series.length > 1,
      ...(overlaps.length === 0 ? {} : captionLayout(overlapCaption(series, overlaps))),
    },
  });
}

/** The session's colour of each key, one per distinct key: series of one group share it. */
function groupColors(keys: readonly string[]): string[] {
  const distinct = [...new Set(keys)];
  const colors = sessionColors.colors(distinct);
  return keys.map((key) => colors[distinct.indexOf(key)]);
}

/** A later series drawn on an earlier one: `top` lies on `under`, `difference` apart at most (relative). */
export interface Overlap {
  readonly top: number;
  readonly under: number;
  readonly difference: number;
}

/** Curves closer than this (relative to the larger value) are one line on screen. */
const coincidingTolerance = 1e-3;

/** The series that lie on an earlier one (same x, y within `coincidingTolerance`), each with the first it covers. */
export function coincidingSeries(series: readonly Curve[]): Overlap[] {
  const overlaps: Overlap[] = [];
  series.forEach((top, t) => {
    for (let under = 0; under < t; under++) {
      const difference = relativeDifference(series[under], top);
      if (difference <= coincidingTolerance) {
        overlaps.push({ top: t, under, difference });
        return;
      }
    }
  });
  return overlaps;
}

/** The largest |a − b| / max(|a|, |b|) over the points, or Infinity when the x values differ. */
function relativeDifference(a: Curve, b: Curve): number {
  if (a.x.length !== b.x.length || a.x.length === 0 || a.x.some((x, i) => x !== b.x[i])) return Infinity;
  let largest = 0;
  for (let i = 0; i < a.y.length; i++) {
    const scale = Math.max(Math.abs(a.y[i]), Math.abs(b.y[i]));
    if (scale === 0) continue;
    const difference = Math.abs(a.y[i] - b.y[i]) / scale;
    if (!(difference <= largest)) largest = difference;
  }
  return largest;
}

/** E.g. `dashed: "TEXP" lies on "Step Decay" (largest relative difference 2.1e-14)`. */
function overlapCaption(series: readonly Series[], overlaps: readonly Overlap[]): string {
  return `dashed: ${overlaps
    .map(
      (o) =>
        `“${series[o.top].name}” lies on “${series[o.under].name}” ` +
        `(${o.difference === 0 ? "identical" : `largest relative difference ${o.difference.toExponential(1)}`})`,
    )
    .join("; ")}`;
}

/** A caption under the plot, below the x axis title. */
export function captionLayout(text: string): PlotlyLayout {
  return {
    margin: { b: 100 },
    annotations: [
      {
        text,
        showarrow: false,
        xref: "paper",
        yref: "paper",
        x: 0,
        xanchor: "left",
        y: 0,
        yanchor: "top",
        yshift: -62,
      },
    ],
  };
}
