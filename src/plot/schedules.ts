/**
 * LR schedules drawn against the step or the epoch, on a linear or a log axis, several overlaid.
 */
import type { Schedule } from "../schedule/schedule.js";
import type { Figure } from "./figure.js";
import { type AxisScale, linePlot, type Series } from "./lines.js";

/** A schedule, or its values at steps 0, 1, 2, … (e.g. the LRs a run recorded). */
export type ScheduleValues = Schedule | readonly number[];

export interface SchedulePlotOptions {
  /** How many steps to draw; needed when a schedule is a function, at most the length of an array. */
  readonly steps?: number;
  /** Steps per epoch; needed for `xAxis: "epoch"`. */
  readonly stepsPerEpoch?: number;
  readonly xAxis?: "step" | "epoch";
  readonly yScale?: AxisScale;
  readonly title?: string;
  /** At most this many points per curve (a stride is used beyond; default 5000). */
  readonly maxPoints?: number;
  /**
   * Names of curves to draw dashed: one that runs close to another (on a log axis, 1% apart looks the same) stays
   * visible on top of it. Curves that coincide are dashed anyway, with a caption (see `linePlot`).
   */
  readonly dashed?: readonly string[];
}

/**
 * Overlaid LR schedules. Keys name the curves; a bare array of schedules is named by their `spec.kind`.
 *
 * @example
 * schedulePlot({ "step decay": stepDecay, exponential: expo }, { steps: 300 * 391, stepsPerEpoch: 391,
 *   xAxis: "epoch", yScale: "log" })
 */
export function schedulePlot(
  schedules: Readonly<Record<string, ScheduleValues>> | readonly Schedule[],
  options: SchedulePlotOptions = {},
): Figure {
  const named: [string, ScheduleValues][] = Array.isArray(schedules)
    ? (schedules as readonly Schedule[]).map((s) => [s.spec.kind, s])
    : Object.entries(schedules as Readonly<Record<string, ScheduleValues>>);
  const xAxis = options.xAxis ?? "step";
  const perEpoch = options.stepsPerEpoch;
  if (xAxis === "epoch" && !(perEpoch !== undefined && Number.isInteger(perEpoch) && perEpoch > 0)) {
    throw new RangeError(`An epoch axis needs stepsPerEpoch, a positive integer, got ${perEpoch}`);
  }
  const maxPoints = options.maxPoints ?? 5000;
  if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) {
    throw new RangeError(`maxPoints must be an integer ≥ 2, got ${maxPoints}`);
  }
  const unknown = (options.dashed ?? []).filter((name) => !named.some(([n]) => n === name));
  if (unknown.length > 0) {
    throw new RangeError(
      `dashed names ${unknown.join(", ")}, not a curve of this plot: use one of ${named.map(([n]) => n).join(", ")}`,
    );
  }
  const series: Series[] = named.map(([name, values]) => {
    const steps = stepCount(name, values, options.steps);
    const stride = Math.max(1, Math.ceil(steps / maxPoints));
    const x: number[] = [];
    const y: number[] = [];
    for (let step = 0; step < steps; step += stride) {
      x.push(xAxis === "epoch" ? step / (perEpoch as number) : step);
      y.push(typeof values === "function" ? values(step) : values[step]);
    }
    return { name, x, y, ...(options.dashed?.includes(name) ? { dash: "dash" as const } : {}) };
  });
  return linePlot(series, {
    title: options.title ?? "Learning rate schedule",
    xTitle: xAxis,
    yTitle: "learning rate",
    yScale: options.yScale ?? "linear",
  });
}

function stepCount(name: string, values: ScheduleValues, steps: number | undefined): number {
  if (steps !== undefined && !(Number.isInteger(steps) && steps > 0)) {
    throw new RangeError(`steps must be a positive integer, got ${steps}`);
  }
  if (typeof values === "function") {
    if (steps === undefined) {
      throw new TypeError(
        `Schedule "${name}" is a function: give options.steps, the number of steps to draw`,
      );
    }
    return steps;
  }
  if (steps !== undefined && steps > values.length) {
    throw new RangeError(`Schedule "${name}" has ${values.length} values but steps is ${steps}: lower steps`);
  }
  return steps ?? values.length;
}
