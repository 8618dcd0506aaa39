/**
 * A schedule is a pure function of the global step (0, 1, 2, …) with a JSON description, as in optax: the same
 * value for the same step, whatever happened before, so a resumed run and a plot see what the optimizer saw.
 */

/** The JSON description of a schedule: its kind and the arguments that rebuild it (see `fromJSON`). */
export interface ScheduleSpec {
  readonly kind: string;
  readonly [argument: string]: unknown;
}

/** η_k = schedule(k), with `spec` the JSON that rebuilds it (`fromJSON`); `JSON.stringify` writes the spec. */
export interface Schedule {
  (step: number): number;
  readonly spec: ScheduleSpec;
  toJSON(): ScheduleSpec;
}

/** A hyperparameter that may vary with the step: a constant number or a schedule. */
export type ScheduleLike = number | Schedule;

/**
 * Wraps a step function and its description into a `Schedule`. The step must be an integer ≥ 0: a fractional or
 * negative step is always a caller's bug (an epoch passed where a step was meant, an off-by-one before step 0).
 */
export function makeSchedule(spec: ScheduleSpec, valueAt: (step: number) => number): Schedule {
  const fn = ((step: number) => {
    if (!Number.isInteger(step) || step < 0) {
      throw new RangeError(
        `schedule "${spec.kind}": step ${step} is not an integer ≥ 0; schedules count optimizer steps from 0`,
      );
    }
    return valueAt(step);
  }) as Schedule;
  Object.defineProperty(fn, "spec", { value: spec, enumerable: true });
  Object.defineProperty(fn, "toJSON", { value: () => spec });
  return fn;
}

/** The value of a `ScheduleLike` at a step: the number itself, or the schedule evaluated at `step`. */
export function valueAt(like: ScheduleLike, step: number): number {
  return typeof like === "number" ? like : like(step);
}
