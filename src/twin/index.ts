/**
 * Twin runs: optimizers in lockstep on copies of one TensorFlow.js network, on the same batches, each compared
 * with a reference run every step; the theorem checked in float32 against a chaos control.
 */
export {
  randomBatches,
  type TwinBatch,
  type TwinComparison,
  type TwinOptions,
  type TwinResult,
  type TwinRunSpec,
  twinRuns,
} from "./twin.js";
