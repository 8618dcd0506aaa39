/**
 * The theory of Li & Arora's exponential learning rate schedule, in float64: the root α, the exponential and TEXP
 * schedules with their exact momentum corrections, the exact equivalent schedule of any (η_k, λ_k), the joint
 * rescaling, equilibrium predictions, and scale-invariance checks with an exactly scale-invariant test loss.
 * It knows the optimizer only through the `momentumCorrection` hook (buffer ← buffer + κ_k · w_k before step k).
 */

export { angleBetween, directionDistance, dot, maxAbsDifference, norm } from "../vectors.js";
export { alpha, epochGrowth, maxIntrinsicLR, stepGrowth } from "./alpha.js";
export {
  angularUpdate,
  type EquilibriumOptions,
  effectiveLR,
  equilibriumNormSquared,
} from "./equilibrium.js";
export {
  type EquivalentSchedule,
  type EquivalentScheduleOptions,
  equivalentSchedule,
} from "./equivalent-schedule.js";
export { type ExpLR, expLR } from "./exp-lr.js";
export type { Hyperparameters } from "./hyper.js";
export { type RunStart, rescale } from "./rescale.js";
export {
  checkLossScaleInvariance,
  type ScaleInvarianceOptions,
  type ScaleInvarianceReport,
} from "./scale-invariance.js";
export {
  type NoisyQuadraticOptions,
  noisyQuadratic,
  type StepLoss,
  scaleInvariantLoss,
} from "./sphere-loss.js";
export { type StepDecayOptions, type Texp, texp } from "./texp.js";
