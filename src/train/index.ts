/** Training on TensorFlow.js: experiments as JSON, the loop, history, checkpoints, presets. */

export {
  CHECKPOINT_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  CheckpointError,
  checkpointFiles,
  PREVIOUS_CHECKPOINT_FILE,
  readCheckpoint,
  type TensorJSON,
  writeCheckpoint,
} from "./checkpoint.js";
export { dashboardCallbacks } from "./dashboard.js";
export {
  checkExperiment,
  type DataJSON,
  type Experiment,
  type GroupJSON,
  type OptimizerJSON,
  optimizerConfig,
} from "./experiment.js";
export {
  type EpochRecord,
  HISTORY_FORMAT,
  HISTORY_VERSION,
  type History,
  type StepRecord,
} from "./history.js";
export {
  type StartInfo,
  type TrainCallbacks,
  TrainingDivergedError,
  TrainingInterruptedError,
  type TrainOptions,
  type TrainResult,
  train,
} from "./loop.js";
export {
  preset,
  presetNames,
  type StepDecaySetting,
  settings,
  stepDecayExperiment,
  texpExperiment,
} from "./presets.js";
export { epochScalars, stepScalars, tensorboardCallbacks, tensorboardFolder } from "./tensorboard.js";
export { type DataDigest, describeTrainedData, digestOf, type TrainedData } from "./trained-data.js";
