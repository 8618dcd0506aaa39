import { makeSchedule, type Schedule } from "./schedule.js";
import { requireInteger, requireNonNegative } from "./validate.js";

/** Half a cosine from `high` (t = 0) down to `low` (t = T): low + (high − low)(1 + cos(π t/T))/2. */
function halfCosine(high: number, low: number, t: number, T: number): number {
  return low + ((high - low) * (1 + Math.cos((Math.PI * t) / T))) / 2;
}

/** Arguments of `cosine`. */
export interface CosineOptions {
  /** The peak value: η at the end of the warmup (η_0 without warmup). */
  init: number;
  /** Total length including the warmup (optax's decay_steps; CosineAnnealingLR's T_max without warmup). */
  steps: number;
  /** The value from step `steps` on (CosineAnnealingLR's eta_min); default 0. */
  final?: number;
  /** Length of a linear warmup before the cosine; default 0. */
  warmupSteps?: number;
  /** Value at step 0 of the warmup; default 0. */
  warmupInit?: number;
}

/**
 * Cosine annealing (CosineAnnealingLR; with warmup, optax warmup_cosine_decay_schedule). With W = warmupSteps:
 * η_k = warmupInit + (init − warmupInit) · k/W for k < W;
 * η_k = final + (init − final)(1 + cos(π (k − W)/(steps − W)))/2 for W ≤ k < steps; η_k = final after.
 * PyTorch's CosineAnnealingLR would climb back up after T_max; this holds `final`, as optax does.
 *
 * @example
 *   const s = cosine({ init: 0.1, steps: 100 });
 *   s(50); // → 0.05
 *   s(100); // → 0
 */
export function cosine(options: CosineOptions): Schedule {
  const where = "schedule.cosine";
  const init = requireNonNegative(where, "init", options.init);
  const final = requireNonNegative(where, "final", options.final ?? 0);
  const warmupSteps = requireInteger(where, "warmupSteps", options.warmupSteps ?? 0, 0);
  const warmupInit = requireNonNegative(where, "warmupInit", options.warmupInit ?? 0);
  const steps = requireInteger(where, "steps", options.steps, warmupSteps + 1);
  const span = steps - warmupSteps;
  return makeSchedule({ kind: "cosine", init, steps, final, warmupSteps, warmupInit }, (k) => {
    if (k < warmupSteps) return warmupInit + ((init - warmupInit) * k) / warmupSteps;
    if (k >= steps) return final;
    return halfCosine(init, final, k - warmupSteps, span);
  });
}

/** Arguments of `cosineRestarts`. */
export interface CosineRestartsOptions {
  /** Value at the start of each period. */
  init: number;
  /** Length of the first period (CosineAnnealingWarmRestarts's T_0). */
  period: number;
  /** Each period is this many times longer than the previous one (T_mult, an integer ≥ 1); default 1. */
  periodFactor?: number;
  /** Value approached at the end of each period (eta_min); default 0. */
  final?: number;
}

/**
 * SGDR (CosineAnnealingWarmRestarts): with periods T_i = period · periodFactor^i and t the step inside the current
 * period, η_k = final + (init − final)(1 + cos(π t/T_i))/2; the value jumps back to init at each restart.
 *
 * @example
 *   const s = cosineRestarts({ init: 0.1, period: 10 });
 *   s(5); // → 0.05
 *   s(10); // → 0.1
 */
export function cosineRestarts(options: CosineRestartsOptions): Schedule {
  const where = "schedule.cosineRestarts";
  const init = requireNonNegative(where, "init", options.init);
  const period = requireInteger(where, "period", options.period, 1);
  const periodFactor = requireInteger(where, "periodFactor", options.periodFactor ?? 1, 1);
  const final = requireNonNegative(where, "final", options.final ?? 0);
  return makeSchedule({ kind: "cosineRestarts", init, period, periodFactor, final }, (k) => {
    if (periodFactor === 1) return halfCosine(init, final, k % period, period);
    let t = k;
    let length = period;
    while (t >= length) {
      t -= length;
      length *= periodFactor;
    }
    return halfCosine(init, final, t, length);
  });
}
