import { makeSchedule, type Schedule, type ScheduleLike, type ScheduleSpec } from "./schedule.js";
import { requireIncreasingSteps, requireInteger, requireNonNegative, requirePositive } from "./validate.js";

/**
 * The everyday piecewise and closed-form schedules of PyTorch's `lr_scheduler` and optax. `k` is the global step
 * (0, 1, 2, …), the value is the one the optimizer uses at step k. Arguments count steps; for epochs see
 * `inEpochs`.
 */

/**
 * η_k = value.
 *
 * @example
 *   constant(0.1)(500); // → 0.1
 */
export function constant(value: number): Schedule {
  const v = requireNonNegative("schedule.constant", "value", value);
  return makeSchedule({ kind: "constant", value: v }, () => v);
}

/** A number as a constant schedule; a schedule as itself. */
export function asSchedule(like: ScheduleLike): Schedule {
  return typeof like === "number" ? constant(like) : like;
}

/** Arguments of `step`. */
export interface StepOptions {
  /** η_0. */
  init: number;
  /** Steps between two decays (PyTorch StepLR's step_size). */
  stepSize: number;
  /** Multiplier at each decay (StepLR's gamma); default 0.1. */
  factor?: number;
}

/**
 * StepLR: η_k = init · factor^⌊k / stepSize⌋.
 *
 * @example
 *   const s = step({ init: 0.1, stepSize: 30, factor: 0.1 });
 *   s(29); // → 0.1
 *   s(30); // → 0.01
 */
export function step(options: StepOptions): Schedule {
  const where = "schedule.step";
  const init = requireNonNegative(where, "init", options.init);
  const stepSize = requireInteger(where, "stepSize", options.stepSize, 1);
  const factor = requireNonNegative(where, "factor", options.factor ?? 0.1);
  return makeSchedule(
    { kind: "step", init, stepSize, factor },
    (k) => init * factor ** Math.floor(k / stepSize),
  );
}

/** Arguments of `multiStep`. */
export interface MultiStepOptions {
  /** η_0. */
  init: number;
  /** Steps at which the value changes, strictly increasing (MultiStepLR's milestones). */
  boundaries: readonly number[];
  /**
   * Multiplier at each boundary: one number for all (MultiStepLR's gamma; default 0.1), or one per boundary
   * (optax piecewise_constant_schedule's scales).
   */
  factor?: number | readonly number[];
}

/**
 * Step Decay (MultiStepLR, optax piecewise_constant_schedule): η_k = init · ∏_{i : boundaries_i ≤ k} factor_i.
 * The new value applies from the boundary step itself. The product is taken in order, as PyTorch multiplies.
 *
 * @example
 *   const s = multiStep({ init: 0.1, boundaries: [100, 150], factor: 0.1 });
 *   s(99); // → 0.1
 *   s(100); // → 0.01
 *   s(150); // → 0.001
 */
export function multiStep(options: MultiStepOptions): Schedule {
  const where = "schedule.multiStep";
  const init = requireNonNegative(where, "init", options.init);
  const boundaries = requireIncreasingSteps(where, "boundaries", options.boundaries, 1);
  const raw = options.factor ?? 0.1;
  let factors: number[];
  if (typeof raw === "number") {
    factors = boundaries.map(() => requireNonNegative(where, "factor", raw));
  } else {
    if (!Array.isArray(raw) || raw.length !== boundaries.length) {
      throw new RangeError(
        `${where}: factor has ${Array.isArray(raw) ? raw.length : "no"} entries for ${boundaries.length} boundaries; ` +
          "give one factor per boundary, or a single number",
      );
    }
    factors = raw.map((f, i) => requireNonNegative(where, `factor[${i}]`, f));
  }
  const factor = typeof raw === "number" ? raw : factors;
  return makeSchedule({ kind: "multiStep", init, boundaries, factor }, (k) => {
    let value = init;
    for (let i = 0; i < boundaries.length && boundaries[i] <= k; i++) value *= factors[i];
    return value;
  });
}

/** Arguments of `exponential`. */
export interface ExponentialOptions {
  /** η_0. */
  init: number;
  /** Multiplier per step (ExponentialLR's gamma): < 1 decays, > 1 grows. */
  rate: number;
  /** Upper bound of the value (for growth). */
  cap?: number;
  /** Lower bound of the value (for decay). */
  floor?: number;
}

/**
 * ExponentialLR, in both directions: η_k = min(cap, max(floor, init · rate^k)).
 *
 * @example
 *   const s = exponential({ init: 0.1, rate: 2, cap: 0.5 });
 *   s(2); // → 0.4
 *   s(3); // → 0.5
 */
export function exponential(options: ExponentialOptions): Schedule {
  const where = "schedule.exponential";
  const init = requireNonNegative(where, "init", options.init);
  const rate = requirePositive(where, "rate", options.rate);
  const cap = options.cap === undefined ? Infinity : requireNonNegative(where, "cap", options.cap);
  const floor = options.floor === undefined ? 0 : requireNonNegative(where, "floor", options.floor);
  if (floor > cap) throw new RangeError(`${where}: floor ${floor} is above cap ${cap}; swap them`);
  const spec: ScheduleSpec = {
    kind: "exponential",
    init,
    rate,
    ...(options.cap === undefined ? {} : { cap }),
    ...(options.floor === undefined ? {} : { floor }),
  };
  return makeSchedule(spec, (k) => Math.min(cap, Math.max(floor, init * rate ** k)));
}

/** Arguments of `linear`. */
export interface LinearOptions {
  /** η_0. */
  init: number;
  /** The value from step `steps` on. */
  final: number;
  /** Length of the ramp, ≥ 1. */
  steps: number;
}

/**
 * A linear ramp (LinearLR with init = base·start_factor, final = base·end_factor; optax linear_schedule):
 * η_k = init + (final − init) · k / steps for k < steps, then final.
 *
 * @example
 *   const s = linear({ init: 0, final: 0.1, steps: 10 });
 *   s(5); // → 0.05
 *   s(20); // → 0.1
 */
export function linear(options: LinearOptions): Schedule {
  const where = "schedule.linear";
  const init = requireNonNegative(where, "init", options.init);
  const final = requireNonNegative(where, "final", options.final);
  const steps = requireInteger(where, "steps", options.steps, 1);
  return makeSchedule({ kind: "linear", init, final, steps }, (k) =>
    k >= steps ? final : init + ((final - init) * k) / steps,
  );
}

/** Arguments of `polynomial`. */
export interface PolynomialOptions {
  /** η_0. */
  init: number;
  /** The value from step `steps` on; default 0 (PolynomialLR). */
  final?: number;
  /** Length of the decay, ≥ 1 (PolynomialLR's total_iters). */
  steps: number;
  /** Exponent; default 1. */
  power?: number;
}

/**
 * PolynomialLR / optax polynomial_schedule: η_k = (init − final) · (1 − min(k, steps)/steps)^power + final.
 *
 * @example
 *   const s = polynomial({ init: 0.1, steps: 100, power: 2 });
 *   s(50); // → 0.025
 *   s(100); // → 0
 */
export function polynomial(options: PolynomialOptions): Schedule {
  const where = "schedule.polynomial";
  const init = requireNonNegative(where, "init", options.init);
  const final = requireNonNegative(where, "final", options.final ?? 0);
  const steps = requireInteger(where, "steps", options.steps, 1);
  const power = requirePositive(where, "power", options.power ?? 1);
  return makeSchedule(
    { kind: "polynomial", init, final, steps, power },
    (k) => (init - final) * (1 - Math.min(k, steps) / steps) ** power + final,
  );
}
