import { float64Ops } from "../optim/float64.js";
import { type SgdStepConfig, sgdUpdate } from "../optim/update.js";
import { logisticPopulation, normalized, type PopulationLoss, type QuadratureOrders } from "./population.js";

/**
 * The three runs of the paper's Section 3 toy example: full-batch gradient descent, no momentum, constant LR, on the
 * population logistic loss with weight decay only ("wd"), the normalized output only ("bn"), or both ("bn+wd").
 * [TEXT] either alone converges; both together do not. The setup is this project's reconstruction (PAPER.md §7).
 */
export type ToyVariant = "wd" | "bn" | "bn+wd";

export interface ToyConfig {
  variant: ToyVariant;
  lr?: number;
  /** λ of the "wd" and "bn+wd" runs; ignored by "bn". */
  weightDecay?: number;
  steps?: number;
  init?: readonly [number, number];
  quadrature?: QuadratureOrders;
}

export interface ToyHistory {
  variant: ToyVariant;
  lr: number;
  weightDecay: number;
  /** Per step k = 0..steps: training error angle(w_k, e₁)/π. */
  error: Float64Array;
  /** ‖w_k‖. */
  norm: Float64Array;
  /** η/‖w_k‖², the LR the direction of w actually feels under normalization. */
  effectiveLR: Float64Array;
  /** Population loss L(w_k) of the variant's own model. */
  loss: Float64Array;
}

export const toyDefaults = { lr: 1, weightDecay: 1e-3, steps: 100_000, init: [0.3, 1.0] as const };

export function runToy(config: ToyConfig): ToyHistory {
  const { variant, lr = toyDefaults.lr, steps = toyDefaults.steps, init = toyDefaults.init } = config;
  const weightDecay = variant === "bn" ? 0 : (config.weightDecay ?? toyDefaults.weightDecay);
  validate(lr, weightDecay, steps);
  const base = logisticPopulation(config.quadrature);
  const model: PopulationLoss = variant === "wd" ? base : normalized(base);
  const sgd: SgdStepConfig = {
    lr,
    weightDecay,
    momentum: 0,
    dampening: 0,
    nesterov: false,
    convention: "pytorch",
    decoupledWeightDecay: false,
  };
  const history: ToyHistory = {
    variant,
    lr,
    weightDecay,
    error: new Float64Array(steps + 1),
    norm: new Float64Array(steps + 1),
    effectiveLR: new Float64Array(steps + 1),
    loss: new Float64Array(steps + 1),
  };
  let w: Float64Array = Float64Array.from(init);
  for (let k = 0; ; k++) {
    const norm = Math.hypot(w[0], w[1]);
    history.error[k] = model.error(w);
    history.norm[k] = norm;
    history.effectiveLR[k] = lr / norm ** 2;
    history.loss[k] = model.loss(w);
    if (k === steps) break;
    w = sgdUpdate(float64Ops, sgd, w, model.gradient(w), null).weights;
  }
  return history;
}

function validate(lr: number, weightDecay: number, steps: number): void {
  if (!(lr > 0)) throw new RangeError(`toy: lr must be positive, got ${lr}`);
  if (!(weightDecay >= 0)) throw new RangeError(`toy: weightDecay must be ≥ 0, got ${weightDecay}`);
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`toy: steps must be a whole number ≥ 0, got ${steps}`);
}
