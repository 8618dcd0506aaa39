/**
 * What a scale-invariant network's weights do during training (Li & Arora §6): norm per parameter group, the angle
 * between successive weights, the effective LR η/‖w‖², and the direction error between two runs that should agree.
 * Each takes the measured series; options override titles and scales.
 */
import type { Figure } from "./figure.js";
import { type LinePlotOptions, linePlot, type Series } from "./lines.js";

/** ‖w_t‖ per parameter group, log y (the norm grows or shrinks geometrically). */
export function weightNormPlot(groups: readonly Series[], options: LinePlotOptions = {}): Figure {
  return linePlot(groups, {
    title: "Weight norm per group",
    xTitle: "step",
    yTitle: "‖w‖",
    yScale: "log",
    ...options,
  });
}

/** The angle between w_t and w_{t+1} in radians, e.g. per epoch (≈ 0.35 → 0.04 → 0.005 rad under step decay). */
export function anglePlot(series: readonly Series[], options: LinePlotOptions = {}): Figure {
  return linePlot(series, {
    title: "Angle between successive weights",
    xTitle: "epoch",
    yTitle: "angle (rad)",
    yScale: "log",
    ...options,
  });
}

/** The effective LR η_t/‖w_t‖² of scale-invariant weights, log y. */
export function effectiveLRPlot(series: readonly Series[], options: LinePlotOptions = {}): Figure {
  return linePlot(series, {
    title: "Effective learning rate",
    xTitle: "step",
    yTitle: "η / ‖w‖²",
    yScale: "log",
    ...options,
  });
}

/** The angle between the weight directions of two runs (e.g. Step Decay + WD vs TEXP), log y. */
export function directionErrorPlot(series: readonly Series[], options: LinePlotOptions = {}): Figure {
  return linePlot(series, {
    title: "Direction error between runs",
    xTitle: "step",
    yTitle: "direction error (rad)",
    yScale: "log",
    ...options,
  });
}
