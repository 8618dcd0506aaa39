/**
 * Learning-rate and weight-decay schedules: pure functions of the optimizer step, each with a JSON spec that
 * `fromJSON` rebuilds, and combinators (`join`, `warmup`, `perEpoch`, `inEpochs`).
 */
export { fromJSON, registerScheduleKind, scheduleKinds } from "../spec-kinds.js";
export {
  asSchedule,
  constant,
  type ExponentialOptions,
  exponential,
  type LinearOptions,
  linear,
  type MultiStepOptions,
  multiStep,
  type PolynomialOptions,
  polynomial,
  type StepOptions,
  step,
} from "./basic.js";
export { join, perEpoch, type WarmupOptions, warmup } from "./combine.js";
export { type CosineOptions, type CosineRestartsOptions, cosine, cosineRestarts } from "./cosine.js";
export { type EpochSchedules, epochsToSteps, inEpochs } from "./epochs.js";
export type { ScheduleBuilder } from "./kinds.js";
export { type OneCycleOptions, oneCycle } from "./one-cycle.js";
export { makeSchedule, type Schedule, type ScheduleLike, type ScheduleSpec, valueAt } from "./schedule.js";
