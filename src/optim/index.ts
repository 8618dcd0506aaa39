/**
 * SGD with momentum and weight decay: one update rule over array kinds (float64 arrays, tfjs variables),
 * parameter groups, both momentum conventions, the theory's κ_k corrections, state that saves as JSON.
 */
export {
  type MomentumCorrectionBuilder,
  momentumCorrectionFromJSON,
  momentumCorrectionKinds,
  registerMomentumCorrection,
} from "../spec-kinds.js";
export { type ArrayKind, type EncodedArray, sameShape } from "./array-kind.js";
export type { ResolvedGroup, SgdConfig, SgdGroupOptions } from "./config.js";
export { float64Ops } from "./float64.js";
export type { Params, SameForm } from "./params.js";
export { type SgdOptimizer, sgd } from "./sgd.js";
export {
  type GroupHyperparams,
  SGD_STATE_FORMAT,
  SGD_STATE_VERSION,
  type SgdState,
  type SgdStateJSON,
} from "./state.js";
export { sgdVariables, type TfjsGrads, tfjsOps, type VariableSgd } from "./tfjs.js";
export {
  type LinearOps,
  type MomentumConvention,
  type SgdStepConfig,
  type SgdStepResult,
  sgdUpdate,
} from "./update.js";
