/**
 * The α root against λη (Li & Arora §4): α is the larger root of x² − (1+γ−λη)x + γ = 0, real only for
 * λη ≤ (1−√γ)². The values come from the caller (src/theory computes them), so plotting does not depend on theory.
 */
import { Figure } from "./figure.js";
import { axisLayout, checkCurve, lineTrace, titleLayout } from "./lines.js";
import { sessionColors } from "./name-colors.js";
import type { PlotlyLayout } from "./spec.js";

/** α(λη) for one momentum γ; points outside the validity region may be NaN (drawn as a gap). */
export interface AlphaCurve {
  readonly gamma: number;
  readonly lambdaEta: readonly number[];
  readonly alpha: readonly number[];
  /** The largest valid λη, (1−√γ)². */
  readonly validUpTo: number;
}

export interface AlphaPlotOptions {
  readonly title?: string;
  /** Default "log": λη spans decades. */
  readonly xScale?: "linear" | "log";
}

/**
 * α against λη, one curve per γ, each curve's validity region λη ≤ (1−√γ)² shaded in its color and its edge marked.
 *
 * @example
 * alphaPlot([{ gamma: 0.9, lambdaEta: grid, alpha: grid.map((le) => alpha(0.9, le)), validUpTo: 0.0026334 }])
 */
export function alphaPlot(curves: readonly AlphaCurve[], options: AlphaPlotOptions = {}): Figure {
  if (curves.length === 0) throw new RangeError("Nothing to plot: give at least one α curve");
  const xScale = options.xScale ?? "log";
  const shapes: PlotlyLayout[] = [];
  const colors = sessionColors.colors(curves.map((curve) => `γ = ${curve.gamma}`));
  const data = curves.map((curve, i) => {
    const name = `γ = ${curve.gamma}`;
    checkCurve(name, { x: curve.lambdaEta, y: curve.alpha }, { x: xScale });
    if (!(curve.validUpTo > 0)) {
      throw new RangeError(`Curve ${name}: validUpTo must be (1−√γ)² > 0, got ${curve.validUpTo}`);
    }
    const color = colors[i];
    const x0 = xScale === "log" ? Math.min(...curve.lambdaEta) : 0;
    shapes.push(
      {
        type: "rect",
        xref: "x",
        yref: "paper",
        x0,
        x1: curve.validUpTo,
        y0: 0,
        y1: 1,
        fillcolor: color,
        opacity: 0.12,
        line: { width: 0 },
        layer: "below",
      },
      {
        type: "line",
        xref: "x",
        yref: "paper",
        x0: curve.validUpTo,
        x1: curve.validUpTo,
        y0: 0,
        y1: 1,
        line: { color, width: 1, dash: "dot" },
      },
    );
    return lineTrace(name, { x: curve.lambdaEta, y: curve.alpha }, { line: { color } });
  });
  return new Figure({
    data,
    layout: {
      ...titleLayout(options.title ?? "α root against λη (shaded: real roots, λη ≤ (1−√γ)²)"),
      // Plotly writes small log ticks with SI prefixes (10μ); powers of ten read better for λη.
      xaxis: axisLayout("λη", xScale),
      yaxis: axisLayout("α"),
      shapes,
    },
  });
}
