import type { ModelConfig } from "../nn/config.js";
import { type ParamKind, paramKinds } from "../nn/params.js";
import type { SgdConfig, SgdGroupOptions } from "../optim/config.js";
import { sgdConfigFromJSON } from "../optim/config-json.js";
import type { ScheduleSpec } from "../schedule/schedule.js";
import { momentumCorrectionFromJSON } from "../spec-kinds.js";

/** Hyperparameters of one parameter group as JSON: numbers, schedule specs, a momentum-correction spec. */
export interface GroupJSON {
  lr?: number | ScheduleSpec;
  weightDecay?: number | ScheduleSpec;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  decoupledWeightDecay?: boolean;
  frozen?: boolean;
  /** κ(step) of the optimizer's momentum-correction hook, by a registered kind (e.g. "theory.texp"). */
  momentumCorrection?: ScheduleSpec;
}

/**
 * The optimizer as JSON: defaults for every group, and overrides per parameter kind (the groups are the kinds
 * that have trainable parameters, in `nn.paramKinds` order). Any registered schedule kind may appear, the
 * theory's ("theory.texp", "theory.expLR") included.
 * Example (WD on the scale-invariant weights only): `{ lr: 0.1, momentum: 0.9, groups: { "scale-invariant":
 * { weightDecay: 5e-4 } } }`.
 */
export interface OptimizerJSON extends GroupJSON {
  convention?: "pytorch" | "classic";
  groups?: Partial<Record<ParamKind, GroupJSON>>;
}

/** Which images train and test: CIFAR-10, optionally a class-balanced subset of each split. */
export interface DataJSON {
  dataset: "cifar10";
  /** Training images per class (default: all 5000). */
  trainPerClass?: number;
  /** Test images per class (default: all 1000). */
  testPerClass?: number;
  /** Random crop (padding 4) and horizontal flip. */
  augment: boolean;
  batchSize: number;
  /** Test-set batch size (default 500); it changes only speed and memory, and batch statistics. */
  evalBatchSize?: number;
}

/**
 * An experiment as plain data, so a notebook, the CLI and a test run the same thing.
 * `evalStatistics` chooses what BatchNorm uses on the test set: "running" (the running averages, PyTorch's
 * eval mode) or "batch" (each test batch's own statistics). Under an exponentially growing LR (TEXP) the weight
 * norm changes fast, and the running averages, which average over the last ~1/bnMomentum steps, lag behind the
 * current scale of the pre-normalization activations; batch statistics are always on the current scale.
 */
export interface Experiment {
  name?: string;
  model: ModelConfig;
  data: DataJSON;
  optimizer: OptimizerJSON;
  epochs: number;
  /** Seed of the data order and augmentation (the model has its own `model.seed`). */
  seed: number;
  /** Evaluate on the test set every this many epochs, and after the last (0: only after the last). */
  evalEvery: number;
  evalStatistics: "running" | "batch";
  /** Write a checkpoint into `dir` every `every` epochs and after the last. */
  checkpoint?: { dir: string; every: number };
  /**
   * Compute each step's gradients on `workers` threads, each with its own backend and a replica of the model, one
   * contiguous shard of the batch each (absent: on this thread). Uses the other cores where the backend has one
   * thread (wasm). With more than one worker, BatchNorm normalizes each shard with its own statistics ("ghost
   * batches" of batchSize/workers, as PyTorch DDP without SyncBatchNorm) and the running statistics become the
   * size-weighted mean of the shards'; `workers: 1` keeps whole-batch statistics.
   */
  parallel?: { workers: number };
}

/*
 * The fields each part of an experiment may have, as records keyed by the interfaces' own keys, so that the compiler
 * keeps them complete. A misspelled field (`epochz`) would otherwise be ignored and the run use a default.
 */
const experimentFields: Record<keyof Experiment, true> = {
  name: true,
  model: true,
  data: true,
  optimizer: true,
  epochs: true,
  seed: true,
  evalEvery: true,
  evalStatistics: true,
  checkpoint: true,
  parallel: true,
};
const modelFields: Record<keyof ModelConfig, true> = {
  arch: true,
  depth: true,
  norm: true,
  affine: true,
  output: true,
  bnEpsilon: true,
  bnMomentum: true,
  groups: true,
  width: true,
  numClasses: true,
  seed: true,
};
const dataFields: Record<keyof DataJSON, true> = {
  dataset: true,
  trainPerClass: true,
  testPerClass: true,
  augment: true,
  batchSize: true,
  evalBatchSize: true,
};
const groupFields: Record<keyof GroupJSON, true> = {
  lr: true,
  weightDecay: true,
  momentum: true,
  dampening: true,
  nesterov: true,
  decoupledWeightDecay: true,
  frozen: true,
  momentumCorrection: true,
};
const optimizerFields: Record<keyof OptimizerJSON, true> = { ...groupFields, convention: true, groups: true };
const checkpointFields: Record<keyof NonNullable<Experiment["checkpoint"]>, true> = {
  dir: true,
  every: true,
};
const parallelFields: Record<keyof NonNullable<Experiment["parallel"]>, true> = { workers: true };

/** Refuses a field of `value` that `known` lacks, naming it, where it is, and the known ones. */
function onlyKnownFields(where: string, value: object, known: object): void {
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(known, key)) {
      throw new TypeError(
        `experiment: ${where === "" ? "" : `${where}.`}${key} is not a field of ${where === "" ? "an experiment" : where}; ` +
          `the known ones are ${Object.keys(known).join(", ")}`,
      );
    }
  }
}

function positiveInteger(where: string, value: unknown): void {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= 1)) {
    throw new RangeError(`experiment: ${where} must be a positive integer, got ${JSON.stringify(value)}`);
  }
}

/** Refuses an experiment with a missing or impossible field, naming it and the fix. */
export function checkExperiment(experiment: Experiment): void {
  if (typeof experiment !== "object" || experiment === null) {
    throw new TypeError(`experiment must be an object, got ${JSON.stringify(experiment)}`);
  }
  for (const key of ["model", "data", "optimizer"] as const) {
    if (typeof experiment[key] !== "object" || experiment[key] === null) {
      throw new TypeError(`experiment: "${key}" is missing; see train.Experiment`);
    }
  }
  onlyKnownFields("", experiment, experimentFields);
  onlyKnownFields("model", experiment.model, modelFields);
  onlyKnownFields("data", experiment.data, dataFields);
  onlyKnownFields("optimizer", experiment.optimizer, optimizerFields);
  const { data } = experiment;
  if (data.dataset !== "cifar10") {
    throw new TypeError(`experiment: data.dataset ${JSON.stringify(data.dataset)} is unknown; use "cifar10"`);
  }
  positiveInteger("data.batchSize", data.batchSize);
  if (data.evalBatchSize !== undefined) positiveInteger("data.evalBatchSize", data.evalBatchSize);
  if (data.trainPerClass !== undefined) positiveInteger("data.trainPerClass", data.trainPerClass);
  if (data.testPerClass !== undefined) positiveInteger("data.testPerClass", data.testPerClass);
  if (typeof data.augment !== "boolean")
    throw new TypeError("experiment: data.augment must be true or false");
  positiveInteger("epochs", experiment.epochs);
  if (experiment.parallel !== undefined) {
    onlyKnownFields("parallel", experiment.parallel, parallelFields);
    positiveInteger("parallel.workers", experiment.parallel.workers);
    if (experiment.parallel.workers > data.batchSize) {
      throw new RangeError(
        `experiment: parallel.workers (${experiment.parallel.workers}) exceeds data.batchSize (${data.batchSize}): ` +
          "each worker needs at least one image of a batch; use fewer workers",
      );
    }
  }
  if (!Number.isInteger(experiment.seed)) {
    throw new RangeError(`experiment: seed must be an integer, got ${JSON.stringify(experiment.seed)}`);
  }
  if (!(Number.isInteger(experiment.evalEvery) && experiment.evalEvery >= 0)) {
    throw new RangeError(
      `experiment: evalEvery must be an integer ≥ 0 (epochs), got ${experiment.evalEvery}`,
    );
  }
  if (experiment.evalStatistics !== "running" && experiment.evalStatistics !== "batch") {
    throw new TypeError(
      `experiment: evalStatistics ${JSON.stringify(experiment.evalStatistics)} is unknown; use "running" or "batch"`,
    );
  }
  const groups = experiment.optimizer.groups ?? {};
  for (const kind of Object.keys(groups)) {
    if (!(paramKinds as readonly string[]).includes(kind)) {
      throw new TypeError(
        `experiment: optimizer.groups has "${kind}", which is no parameter kind; use ${paramKinds.join(", ")}`,
      );
    }
    onlyKnownFields(`optimizer.groups.${kind}`, groups[kind as ParamKind] ?? {}, groupFields);
  }
  if (experiment.checkpoint !== undefined) {
    onlyKnownFields("checkpoint", experiment.checkpoint, checkpointFields);
    if (typeof experiment.checkpoint.dir !== "string" || experiment.checkpoint.dir === "") {
      throw new TypeError("experiment: checkpoint.dir must be a directory path");
    }
    positiveInteger("checkpoint.every", experiment.checkpoint.every);
  }
}

function withCorrection(group: GroupJSON): {
  json: Record<string, unknown>;
  correction?: (k: number) => number;
} {
  const { momentumCorrection, ...json } = group;
  return momentumCorrection === undefined
    ? { json }
    : { json, correction: momentumCorrectionFromJSON(momentumCorrection) };
}

/**
 * The optimizer configuration for the given parameter kinds (one group each, in that order), with schedules and
 * momentum corrections rebuilt from their specs.
 */
export function optimizerConfig(optimizer: OptimizerJSON, kinds: readonly ParamKind[]): SgdConfig {
  const { groups = {}, ...defaults } = optimizer;
  const top = withCorrection(defaults);
  const perGroup = kinds.map((kind) => withCorrection(groups[kind] ?? {}));
  const config = sgdConfigFromJSON({ ...top.json, groups: perGroup.map((g) => g.json) });
  const corrected = (config.groups ?? []).map((g, i): Partial<SgdGroupOptions> => {
    const correction = perGroup[i].correction ?? top.correction;
    return correction === undefined ? g : { ...g, momentumCorrection: correction };
  });
  return { ...config, groups: corrected };
}
