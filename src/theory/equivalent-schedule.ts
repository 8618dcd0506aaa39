import { makeSchedule, type Schedule, type ScheduleLike, valueAt } from "../schedule/schedule.js";
import { checkHyperparameters, checkStep, finiteLR } from "./hyper.js";

export interface EquivalentScheduleOptions {
  /** η_k, > 0 at every step: a number or a schedule. */
  lr: ScheduleLike;
  /** λ_k ≥ 0: a number or a schedule. */
  weightDecay: ScheduleLike;
  momentum: number;
  /** How many steps to compute (the recursion runs forward, so the result is defined for steps 0 … steps − 1). */
  steps: number;
}

/** The schedule without weight decay that reproduces a given (η_k, λ_k) run step for step. */
export interface EquivalentSchedule {
  /** η̃_k = η_k/(c_k c_{k+1}), for steps 0 … steps − 1. */
  readonly lr: Schedule;
  /** ρ_k = c_{k+1}/c_k, for steps 0 … steps − 1. */
  rho(step: number): number;
  /** c_k, for steps 0 … steps: the weight-decay run's weights are w_k = c_k · w̃_k. */
  scale(step: number): number;
}

/**
 * The exact equivalent schedule for any LR and weight-decay schedules (PyTorch convention, zero initial buffer in
 * both runs, no momentum correction needed):
 * ρ_{−1} = 1, ρ_k = 1 − η_k λ_k + γ (η_k/η_{k−1}) (1 − 1/ρ_{k−1}); c_0 = 1, c_{k+1} = c_k ρ_k; η̃_k = η_k/(c_k c_{k+1}).
 * Then SGD with LR η̃_k, no weight decay and momentum γ gives w̃_k = w_k / c_k. With constant (η, λ), ρ_k → α.
 * Example: `equivalentSchedule({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9, steps: 1000 }).lr(999)`.
 */
export function equivalentSchedule(options: EquivalentScheduleOptions): EquivalentSchedule {
  const where = "theory.equivalentSchedule";
  const { lr, weightDecay, momentum, steps } = options;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`${where}: steps must be a whole number ≥ 1, got ${steps}`);
  }
  const rhos = new Float64Array(steps);
  const scales = new Float64Array(steps + 1);
  const lrs = new Float64Array(steps);
  scales[0] = 1;
  let previousRho = 1;
  let previousLR = 0;
  for (let k = 0; k < steps; k++) {
    const eta = valueAt(lr, k);
    const lambda = valueAt(weightDecay, k);
    checkHyperparameters(`${where} at step ${k}`, { lr: eta, weightDecay: lambda, momentum }, true);
    // ρ_{−1} = 1 makes the momentum term vanish at k = 0, whatever η_{−1} would be.
    const rho = 1 - eta * lambda + (k === 0 ? 0 : momentum * (eta / previousLR) * (1 - 1 / previousRho));
    if (!(rho > 0)) {
      throw new RangeError(
        `${where}: ρ_${k} = ${rho} ≤ 0 (η = ${eta}, λ = ${lambda}, γ = ${momentum}): the weight decay shrinks the ` +
          "weights through zero, so no rescaled run exists; lower lr or weightDecay",
      );
    }
    rhos[k] = rho;
    scales[k + 1] = scales[k] * rho;
    lrs[k] = finiteLR(where, eta / (scales[k] * scales[k + 1]), k);
    previousRho = rho;
    previousLR = eta;
  }
  const spec = {
    kind: "theory.equivalentSchedule",
    lr: typeof lr === "number" ? lr : lr.spec,
    weightDecay: typeof weightDecay === "number" ? weightDecay : weightDecay.spec,
    momentum,
    steps,
  };
  return {
    lr: makeSchedule(spec, (step) => {
      checkStep(where, step, steps);
      return lrs[step];
    }),
    rho(step) {
      checkStep(where, step, steps);
      return rhos[step];
    },
    scale(step) {
      checkStep(where, step, steps + 1);
      return scales[step];
    },
  };
}
