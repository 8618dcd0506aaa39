/**
 * A small normalized network in float64 with its own backward pass, and a synthetic task: the reference on which
 * the paper's theorem is shown exact (WD + momentum equals the exponential LR to 1e-13), which float32 cannot show.
 */
export { type SyntheticTask, syntheticTask } from "./data.js";
export { type Matrix, matmul, matrix } from "./matrix.js";
export {
  type Evaluation,
  type ParameterKind,
  type ReferenceNet,
  type ReferenceNetConfig,
  type ReferenceParameter,
  referenceNet,
} from "./network.js";
export { type NormKind, normalizeBackward, normalizeForward } from "./normalize.js";
export { type Batch, type ReferenceRun, type ReferenceTrainOptions, trainReference } from "./train.js";
