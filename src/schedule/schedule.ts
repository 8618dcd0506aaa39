/**
 * A schedule is a pure function of the global step (0, 1, 2, …) with a JSON description, as in optax: the same
 * value for the same step, whatever happened before, so a resumed run and a plot see what the optimizer saw.
 */

/** The JSON description of a schedule: its kind and the arguments that rebuild it. */
export interface ScheduleSpec {
  readonly kind: string;
  readonly [argument: string]: unknown;
}

export interface Schedule {
  (step: number): number;
  readonly spec: ScheduleSpec;
  toJSON(): ScheduleSpec;
}

/** A hyperparameter that may vary with the step: a constant number or a schedule. */
export type ScheduleLike = number | Schedule;

/** Wraps a step function and its description into a `Schedule`. */
export function makeSchedule(spec: ScheduleSpec, valueAt: (step: number) => number): Schedule {
  const fn = ((step: number) => valueAt(step)) as Schedule;
  Object.defineProperty(fn, "spec", { value: spec, enumerable: true });
  Object.defineProperty(fn, "toJSON", { value: () => spec });
  return fn;
}
