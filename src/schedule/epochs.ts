import {
  type ExponentialOptions,
  exponential,
  type LinearOptions,
  linear,
  type MultiStepOptions,
  multiStep,
  type PolynomialOptions,
  polynomial,
  type StepOptions,
  step,
} from "./basic.js";
import { join, type WarmupOptions, warmup } from "./combine.js";
import { type CosineOptions, type CosineRestartsOptions, cosine, cosineRestarts } from "./cosine.js";
import { type OneCycleOptions, oneCycle } from "./one-cycle.js";
import type { Schedule, ScheduleLike } from "./schedule.js";
import { requireFinite, requireInteger, requirePositive } from "./validate.js";

/**
 * Epochs vs steps, decided once: every schedule counts optimizer steps, and its spec stores steps. `inEpochs`
 * gives the same constructors with every duration in epochs, converted to steps on construction, so a boundary
 * is never ambiguous. Values still change at step granularity: a cosine over 200 epochs is smooth step by step.
 * For PyTorch's habit of calling `scheduler.step()` once per epoch (a staircase), use `perEpoch`.
 */

/**
 * epochs · stepsPerEpoch, which must be a whole number of steps (0.5 epoch of 391 steps is refused rather than
 * rounded, since a rounded boundary would silently move).
 *
 * @example
 *   epochsToSteps(80, 391); // → 31280
 */
export function epochsToSteps(epochs: number, stepsPerEpoch: number): number {
  const where = "schedule.epochsToSteps";
  requireInteger(where, "stepsPerEpoch", stepsPerEpoch, 1);
  const steps = requireFinite(where, "epochs", epochs) * stepsPerEpoch;
  const whole = Math.round(steps);
  if (Math.abs(steps - whole) > 1e-9 * Math.max(1, steps) || whole < 0) {
    throw new RangeError(
      `${where}: ${epochs} epochs × ${stepsPerEpoch} steps per epoch = ${steps}, not a whole number of steps ≥ 0; ` +
        "give epochs that land on a step",
    );
  }
  return whole;
}

/** The constructors of `inEpochs`, with durations in epochs. */
export interface EpochSchedules {
  /** `step` with stepSize in epochs. */
  step(options: StepOptions): Schedule;
  /** `multiStep` with boundaries in epochs, e.g. `{ init: 0.1, boundaries: [80, 120], factor: 0.1 }`. */
  multiStep(options: MultiStepOptions): Schedule;
  /** `exponential` with `rate` per epoch: the step rate is rate^(1/stepsPerEpoch). */
  exponential(options: ExponentialOptions): Schedule;
  /** `cosine` with steps and warmupSteps in epochs. */
  cosine(options: CosineOptions): Schedule;
  /** `cosineRestarts` with period in epochs. */
  cosineRestarts(options: CosineRestartsOptions): Schedule;
  /** `linear` with steps in epochs. */
  linear(options: LinearOptions): Schedule;
  /** `polynomial` with steps in epochs. */
  polynomial(options: PolynomialOptions): Schedule;
  /** `oneCycle` with steps in epochs. */
  oneCycle(options: OneCycleOptions): Schedule;
  /** `warmup` with steps in epochs. */
  warmup(options: WarmupOptions): Schedule;
  /** `join` with boundaries in epochs. */
  join(schedules: readonly ScheduleLike[], boundaries: readonly number[]): Schedule;
}

/**
 * Constructors taking epochs: `const e = inEpochs(391); e.multiStep({ init: 0.1, boundaries: [80, 120] })` drops
 * the value at steps 31280 and 46920.
 *
 * @example
 *   const s = inEpochs(391).multiStep({ init: 0.1, boundaries: [80, 120], factor: 0.1 });
 *   s.spec.boundaries; // → [31280, 46920]
 */
export function inEpochs(stepsPerEpoch: number): EpochSchedules {
  requireInteger("schedule.inEpochs", "stepsPerEpoch", stepsPerEpoch, 1);
  const s = (epochs: number) => epochsToSteps(epochs, stepsPerEpoch);
  return {
    step: (o) => step({ ...o, stepSize: s(o.stepSize) }),
    multiStep: (o) => multiStep({ ...o, boundaries: o.boundaries.map(s) }),
    exponential: (o) =>
      exponential({
        ...o,
        rate: requirePositive("schedule.inEpochs.exponential", "rate", o.rate) ** (1 / stepsPerEpoch),
      }),
    cosine: (o) =>
      cosine({
        ...o,
        steps: s(o.steps),
        ...(o.warmupSteps === undefined ? {} : { warmupSteps: s(o.warmupSteps) }),
      }),
    cosineRestarts: (o) => cosineRestarts({ ...o, period: s(o.period) }),
    linear: (o) => linear({ ...o, steps: s(o.steps) }),
    polynomial: (o) => polynomial({ ...o, steps: s(o.steps) }),
    oneCycle: (o) => oneCycle({ ...o, steps: s(o.steps) }),
    warmup: (o) => warmup({ ...o, steps: s(o.steps) }),
    join: (schedules, boundaries) => join(schedules, boundaries.map(s)),
  };
}
