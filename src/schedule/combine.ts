import { asSchedule } from "./basic.js";
import { makeSchedule, type Schedule, type ScheduleLike, type ScheduleSpec } from "./schedule.js";
import { requireIncreasingSteps, requireInteger, requireNonNegative } from "./validate.js";

/**
 * Schedules made of schedules. Each child restarts its own step count where it takes over, so a child behaves
 * the same alone and inside a combination.
 */

/**
 * optax join_schedules / PyTorch SequentialLR: schedules[0] until boundaries[0], then schedules[1] seeing
 * k − boundaries[0], and so on: η_k = schedules[i](k − b_i) with i = #{j : boundaries_j ≤ k}, b_0 = 0.
 * Example: `join([linear({ init: 0, final: 0.1, steps: 5 }), cosine({ init: 0.1, steps: 95 })], [5])`.
 *
 * @example
 *   const s = join([linear({ init: 0, final: 0.1, steps: 5 }), constant(0.1)], [5]);
 *   s(2); // → 0.04
 *   s(100); // → 0.1
 */
export function join(schedules: readonly ScheduleLike[], boundaries: readonly number[]): Schedule {
  const where = "schedule.join";
  if (!Array.isArray(schedules) || schedules.length === 0) {
    throw new RangeError(`${where}: give at least one schedule`);
  }
  const steps = requireIncreasingSteps(where, "boundaries", boundaries, 1);
  if (steps.length !== schedules.length - 1) {
    throw new RangeError(
      `${where}: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${steps.length}`,
    );
  }
  const parts = schedules.map(asSchedule);
  const spec: ScheduleSpec = { kind: "join", schedules: parts.map((s) => s.spec), boundaries: steps };
  return makeSchedule(spec, (k) => {
    let i = 0;
    while (i < steps.length && steps[i] <= k) i++;
    return parts[i](i === 0 ? k : k - steps[i - 1]);
  });
}

/** Arguments of `warmup`. */
export interface WarmupOptions {
  /** Length of the warmup, ≥ 1. */
  steps: number;
  /** Value at step 0; default 0. */
  init?: number;
  /** The schedule that follows; it starts at its own step 0 at step `steps`. */
  schedule: ScheduleLike;
}

/**
 * Linear warmup in front of a schedule s (optax's warmup_* schedules, SequentialLR of LinearLR and s):
 * η_k = init + (s(0) − init) · k/steps for k < steps, then η_k = s(k − steps).
 *
 * @example
 *   const s = warmup({ steps: 10, schedule: constant(0.1) });
 *   s(5); // → 0.05
 *   s(10); // → 0.1
 */
export function warmup(options: WarmupOptions): Schedule {
  const where = "schedule.warmup";
  const steps = requireInteger(where, "steps", options.steps, 1);
  const init = requireNonNegative(where, "init", options.init ?? 0);
  const after = asSchedule(options.schedule);
  const peak = after(0);
  return makeSchedule({ kind: "warmup", steps, init, schedule: after.spec }, (k) =>
    k < steps ? init + ((peak - init) * k) / steps : after(k - steps),
  );
}

/**
 * A schedule stepped once per epoch, as a PyTorch scheduler whose `step()` is called at the end of each epoch:
 * η_k = s(⌊k / stepsPerEpoch⌋). Here s counts epochs, e.g. `perEpoch(cosine({ init: 0.1, steps: 200 }), 391)`
 * is a staircase cosine over 200 epochs of 391 steps.
 *
 * @example
 *   const s = perEpoch(linear({ init: 0.1, final: 0, steps: 10 }), 391);
 *   s(390); // → 0.1
 *   s(391); // → 0.09
 */
export function perEpoch(schedule: ScheduleLike, stepsPerEpoch: number): Schedule {
  const where = "schedule.perEpoch";
  const n = requireInteger(where, "stepsPerEpoch", stepsPerEpoch, 1);
  const inner = asSchedule(schedule);
  return makeSchedule({ kind: "perEpoch", stepsPerEpoch: n, schedule: inner.spec }, (k) =>
    inner(Math.floor(k / n)),
  );
}
