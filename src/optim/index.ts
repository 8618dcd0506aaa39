export { float64Ops } from "./float64.js";
export {
  type LinearOps,
  type MomentumConvention,
  type SgdStepConfig,
  type SgdStepResult,
  sgdUpdate,
} from "./update.js";
