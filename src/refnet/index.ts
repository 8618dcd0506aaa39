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
