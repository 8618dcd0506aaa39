/**
 * Training curves: loss and accuracy, train (solid) and test (dashed), one color per run, side by side.
 */
import { Figure } from "./figure.js";
import {
  type AxisScale,
  axisLayout,
  type Curve,
  checkCurve,
  lineTrace,
  panelDomain,
  titleLayout,
} from "./lines.js";
import { sessionColors } from "./name-colors.js";
import type { PlotlyLayout, PlotlyTrace } from "./spec.js";

/** A metric measured on the training and/or the test set. */
export interface TrainTest {
  readonly train?: Curve;
  readonly test?: Curve;
}

/** The curves of one run, e.g. `{ name: "step decay", loss: { train, test }, accuracy: { test } }`. */
export interface RunCurves {
  readonly name: string;
  readonly loss?: TrainTest;
  readonly accuracy?: TrainTest;
}

export interface TrainingCurvesOptions {
  readonly title?: string;
  /** What x counts (default "epoch"). */
  readonly xTitle?: string;
  /** Default "log". */
  readonly lossScale?: AxisScale;
  /** Default "accuracy"; say "accuracy (%)" when the values are percentages. */
  readonly accuracyTitle?: string;
}

const metrics = ["loss", "accuracy"] as const;
const splits = ["train", "test"] as const;

/**
 * One panel per metric any run has (loss left, accuracy right); runs compared by color, splits by dash.
 *
 * @example
 * trainingCurves([{ name: "TEXP", loss: { train: { x: epochs, y: trainLoss } }, accuracy: { test: { x: epochs, y: acc } } }])
 */
export function trainingCurves(runs: readonly RunCurves[], options: TrainingCurvesOptions = {}): Figure {
  if (runs.length === 0) throw new RangeError("Nothing to plot: give at least one run");
  const lossScale = options.lossScale ?? "log";
  const panels = metrics.filter((metric) => runs.some((run) => run[metric]?.train || run[metric]?.test));
  if (panels.length === 0) {
    throw new RangeError(
      `No run has curves: give each run loss and/or accuracy with train and/or test points`,
    );
  }
  const data: PlotlyTrace[] = [];
  const colors = sessionColors.colors(runs.map((run) => run.name));
  runs.forEach((run, runIndex) => {
    panels.forEach((metric, panel) => {
      for (const split of splits) {
        const curve = run[metric]?.[split];
        if (!curve) continue;
        const name = `${run.name} ${split} ${metric}`;
        checkCurve(name, curve, { y: metric === "loss" ? lossScale : "linear" });
        data.push(
          lineTrace(name, curve, {
            legendgroup: run.name,
            line: { color: colors[runIndex], dash: split === "train" ? "solid" : "dash" },
            xaxis: panel === 0 ? "x" : "x2",
            yaxis: panel === 0 ? "y" : "y2",
          }),
        );
      }
    });
  });
  const layout: PlotlyLayout = { ...titleLayout(options.title ?? "Training curves"), hovermode: "closest" };
  panels.forEach((metric, panel) => {
    const suffix = panel === 0 ? "" : "2";
    const domain = panelDomain(panel, panels.length);
    layout[`xaxis${suffix}`] = { ...axisLayout(options.xTitle ?? "epoch"), domain, anchor: `y${suffix}` };
    layout[`yaxis${suffix}`] = {
      ...(metric === "loss"
        ? axisLayout("loss", lossScale)
        : axisLayout(options.accuracyTitle ?? "accuracy", "linear")),
      anchor: `x${suffix}`,
    };
  });
  return new Figure({ data, layout });
}
