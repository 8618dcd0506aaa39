export {
  randomBatches,
  type TwinBatch,
  type TwinComparison,
  type TwinOptions,
  type TwinResult,
  type TwinRunSpec,
  twinRuns,
} from "./twin.js";
