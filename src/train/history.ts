import type { ParamKind } from "../nn/params.js";
import type { Experiment } from "./experiment.js";
import type { TrainedData } from "./trained-data.js";

/**
 * What step k saw: loss and accuracy of its batch at the weights w_k, the hyperparameters η_k and λ_k per group,
 * ‖w_k‖ per group, and the effective LR η_k/‖w_k‖² of the scale-invariant group (the step size on the sphere).
 */
export interface StepRecord {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
  lr: Partial<Record<ParamKind, number>>;
  weightDecay: Partial<Record<ParamKind, number>>;
  weightNorm: Partial<Record<ParamKind, number>>;
  /** η_k/‖w_k‖² of the scale-invariant group; absent when the model has none. */
  effectiveLR?: number;
}

/** An epoch's summary, after its last step. */
export interface EpochRecord {
  epoch: number;
  /** Steps done when the epoch ended. */
  step: number;
  /** Means over the epoch's batches, weighted by batch size. */
  trainLoss: number;
  trainAccuracy: number;
  weightNorm: Partial<Record<ParamKind, number>>;
  /** Angle (radians) between the scale-invariant weights at the end of this epoch and of the previous one. */
  angle?: number;
  testLoss?: number;
  testAccuracy?: number;
}

export const HISTORY_FORMAT = "explr.train.history";
export const HISTORY_VERSION = 1;

/** A run's metrics as plain JSON: the same experiment and seed give the same history, bit for bit. */
export interface History {
  format: typeof HISTORY_FORMAT;
  version: typeof HISTORY_VERSION;
  experiment: Experiment;
  /** The images that trained and tested (histories written before this was recorded have none). */
  data?: TrainedData;
  /** The optimizer's parameter groups, by kind, in order. */
  groups: ParamKind[];
  stepsPerEpoch: number;
  steps: StepRecord[];
  epochs: EpochRecord[];
}

/** An empty history for an experiment. */
export function emptyHistory(
  experiment: Experiment,
  groups: ParamKind[],
  stepsPerEpoch: number,
  data?: TrainedData,
): History {
  return {
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    experiment,
    ...(data === undefined ? {} : { data }),
    groups,
    stepsPerEpoch,
    steps: [],
    epochs: [],
  };
}
