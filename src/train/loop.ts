import * as tf from "@tensorflow/tfjs-core";
import { read, readAndDispose } from "../backend/read.js";
import { type BackendName, ready } from "../backend/select.js";
import { workerBatches } from "../data/batch-worker.js";
import { type Batch, batchesPerEpoch, epochBatches, prefetch } from "../data/batches.js";
import { loadCifar10 } from "../data/cifar10.js";
import type { LabeledImages } from "../data/format.js";
import { subsetPerClass } from "../data/subset.js";
import { cellSignal } from "../interrupt.js";
import { buildModel, type Model } from "../nn/model.js";
import { type Param, type ParamKind, paramKinds } from "../nn/params.js";
import { sgdVariables, type VariableSgd } from "../optim/tfjs.js";
import { angleBetween } from "../vectors.js";
import { batchTensors } from "./batch-tensors.js";
import {
  assignFromJSON,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  readCheckpoint,
  tensorsToJSON,
  writeCheckpoint,
} from "./checkpoint.js";
import { evaluate } from "./evaluate.js";
import { checkExperiment, type Experiment, optimizerConfig } from "./experiment.js";
import { type GradientSource, localGradients, parallelGradients } from "./gradients.js";
import { type EpochRecord, emptyHistory, type History, type StepRecord } from "./history.js";
import { tensorboardCallbacks, tensorboardFolder } from "./tensorboard.js";
import { describeTrainedData } from "./trained-data.js";

/** Where a run stands when it starts (after a resume, `startStep` > 0). */
export interface StartInfo {
  totalSteps: number;
  startStep: number;
  stepsPerEpoch: number;
  groups: ParamKind[];
  backend: string;
}

/** Observers of a run, e.g. `dashboardCallbacks(new plot.TrainingDashboard())`. */
export interface TrainCallbacks {
  onStart?(info: StartInfo): void;
  onStep?(record: StepRecord): void;
  /** After an epoch's summary; `history` is the run's so far (e.g. to save it as the run goes). */
  onEpoch?(record: EpochRecord, history: History): void;
  /** After the last epoch or a failure; the history so far. */
  onEnd?(history: History): void;
}

export interface TrainOptions {
  /** The images to use instead of loading CIFAR-10 (tests, other sets of the same layout). */
  data?: { train: LabeledImages; test: LabeledImages };
  callbacks?: readonly TrainCallbacks[];
  /** Continue from the checkpoint in `experiment.checkpoint.dir` when there is one. */
  resume?: boolean;
  /** The tfjs backend (default: `backend.ready()`'s choice: `EXPLR_BACKEND`, else the fastest that loads). */
  backend?: BackendName;
  /**
   * The folder of the run's TensorBoard event files, or `false` for none. Default: the run's folder
   * (`tensorboardFolder`: its checkpoint folder, or one `explr run` gives a notebook), none where it has none.
   */
  tensorboard?: string | false;
  /** Messages (checkpoint written, resumed): default none. */
  log?: (line: string) => void;
  /**
   * Stops the run before the next step when aborted (`TrainingInterruptedError`). Default: in a notebook, the
   * running cell's signal, so interrupting the kernel stops training instead of leaving it running unseen.
   */
  signal?: AbortSignal;
}

export interface TrainResult {
  history: History;
  /** Training images per second over this call's steps (excludes evaluation and checkpoints). */
  imagesPerSecond: number;
  backend: string;
}

/**
 * Training sets of at least this many images have their batches built on a worker thread (`workerBatches`), so
 * that building them never delays a step; smaller ones (tests, toy runs) on this thread, where a thread's start-up
 * would cost more than it saves.
 */
const batchThreadMinimum = 1024;

/** A NaN or infinity appeared; the last checkpoint written (if any) is the last good state. */
export class TrainingDivergedError extends Error {
  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly history: History,
  ) {
    super(
      `training diverged at step ${step}: ${quantity} is not finite; the last good checkpoint is kept. ` +
        "Lower the learning rate or check the data.",
    );
    this.name = "TrainingDivergedError";
  }
}

/** The run was stopped between two steps; the last checkpoint written (if any) resumes it. */
export class TrainingInterruptedError extends Error {
  constructor(
    readonly step: number,
    readonly history: History,
  ) {
    super(`training was interrupted before step ${step}; the last checkpoint written (if any) resumes it`);
    this.name = "TrainingInterruptedError";
  }
}

async function loadData(experiment: Experiment): Promise<{ train: LabeledImages; test: LabeledImages }> {
  const { train, test } = await loadCifar10({ quiet: true });
  const { trainPerClass, testPerClass } = experiment.data;
  return {
    train: trainPerClass === undefined ? train : subsetPerClass(train, trainPerClass),
    test: testPerClass === undefined ? test : subsetPerClass(test, testPerClass),
  };
}

function flatValues(params: readonly Param[]): Promise<Float32Array> {
  return readAndDispose(() => tf.concat(params.map((p) => p.variable.flatten())));
}

/**
 * ‖w‖² of each group's weights, in group order: one reduction over the group's weights laid end to end (a few
 * dispatches per group on a GPU, where a sum per weight would be two each; `concat` also respects WebGPU's limit on
 * the buffers one dispatch reads, which `addN` over more than 7 tensors does not).
 */
function squaredNorms(groupParams: readonly Param[][]): tf.Tensor1D {
  return tf.stack(
    groupParams.map((group) => tf.sum(tf.square(tf.concat(group.map((p) => p.variable.reshape([-1])))))),
  ) as tf.Tensor1D;
}

/** What a run trains and with what: built once by `train`, then used by every step and epoch. */
interface Run {
  readonly experiment: Experiment;
  readonly data: { train: LabeledImages; test: LabeledImages };
  readonly stepsPerEpoch: number;
  readonly model: Model;
  /** The optimizer's groups: one per parameter kind the model trains, in `paramKinds` order. */
  readonly kinds: ParamKind[];
  readonly groupParams: Param[][];
  /** The scale-invariant weights, whose angle per epoch is recorded. */
  readonly invariant: Param[];
  readonly optimizer: VariableSgd;
  readonly gradients: GradientSource;
  readonly callbacks: readonly TrainCallbacks[];
  readonly log: (line: string) => void;
  history: History;
}

/** The data, the batch geometry checked against the workers, and the backend: everything before the model. */
async function setUp(experiment: Experiment, options: TrainOptions) {
  checkExperiment(experiment);
  if (options.tensorboard === "") {
    throw new TypeError("train: options.tensorboard must be a folder, or false to write no event files");
  }
  const log = options.log ?? (() => {});
  const choice = await ready({ backend: options.backend, log });
  const data = options.data ?? (await loadData(experiment));
  const trainedData = describeTrainedData(data, experiment.data, options.data ? "given" : "cifar10");
  const { batchSize } = experiment.data;
  const lastBatch = data.train.count % batchSize;
  const workers = experiment.parallel?.workers ?? 1;
  if (lastBatch > 0 && lastBatch < workers) {
    throw new RangeError(
      `the last batch of each epoch has ${lastBatch} images for ${workers} parallel workers; ` +
        "choose batchSize or the training set size so that it has at least one image per worker",
    );
  }
  const stepsPerEpoch = batchesPerEpoch(data.train.count, batchSize);
  return { log, backend: choice.backend, data, trainedData, stepsPerEpoch };
}

/** Loads the checkpoint of `experiment.checkpoint.dir` into the run when there is one; returns the epochs done. */
async function resume(run: Run): Promise<number> {
  const dir = run.experiment.checkpoint?.dir;
  const resumes = { experiment: run.experiment, stepsPerEpoch: run.stepsPerEpoch, data: run.history.data };
  const saved = dir === undefined ? null : await readCheckpoint(dir, { log: run.log, resumes });
  if (dir === undefined || saved === null) return 0;
  assignFromJSON(run.model.params, saved.params);
  assignFromJSON(run.model.buffers, saved.buffers);
  run.optimizer.load(saved.optimizer);
  run.history = { ...saved.history, experiment: run.experiment, data: run.history.data };
  run.log(`resumed from ${dir} after epoch ${saved.epochsDone} (step ${saved.step})`);
  return saved.epochsDone;
}

/** A step whose work is issued and whose measurements are still on their way back from the device. */
interface IssuedStep {
  step: number;
  epoch: number;
  size: number;
  /** Loss, accuracy and ‖w_k‖² per group, read asynchronously. */
  values: Promise<Float32Array>;
  /** η_k, λ_k per group, as the optimizer used them. */
  hyperparams: readonly { lr: number; weightDecay: number }[];
}

/**
 * Issues step `step`: the batch's loss and accuracy at w_k and ‖w_k‖ per group are queued for reading, then the
 * optimizer's update. Nothing waits for the device here, so a GPU runs this step while the loop records the one
 * before (`recordStep`).
 */
async function issueStep(run: Run, batch: Batch, epoch: number, step: number): Promise<IssuedStep> {
  const { x, y } = batchTensors(batch);
  const { grads, metrics } = await run.gradients.compute(x, y);
  const values = readAndDispose(() => tf.concat([metrics, squaredNorms(run.groupParams)]));
  tf.dispose([x, y, metrics]);
  run.optimizer.step(grads);
  tf.dispose(grads);
  const hyperparams = run.optimizer.state.hyperparams.map(({ lr, weightDecay }) => ({ lr, weightDecay }));
  return { step, epoch, size: batch.size, values, hyperparams };
}

/**
 * The record of an issued step, with the hyperparameters (η_k, λ_k per group) the optimizer used. A non-finite loss
 * or norm throws `TrainingDivergedError` with the record in the history; no update made after it is ever saved.
 */
async function recordStep(run: Run, issued: IssuedStep): Promise<StepRecord> {
  const { kinds, history } = run;
  const values = await issued.values;
  const record: StepRecord = {
    step: issued.step,
    epoch: issued.epoch,
    loss: values[0],
    accuracy: values[1],
    lr: {},
    weightDecay: {},
    weightNorm: {},
  };
  kinds.forEach((kind, i) => {
    record.lr[kind] = issued.hyperparams[i].lr;
    record.weightDecay[kind] = issued.hyperparams[i].weightDecay;
    record.weightNorm[kind] = Math.sqrt(values[2 + i]);
  });
  const invariantIndex = kinds.indexOf("scale-invariant");
  if (invariantIndex >= 0) {
    record.effectiveLR = (record.lr["scale-invariant"] as number) / values[2 + invariantIndex];
  }
  history.steps.push(record);
  const bad = !Number.isFinite(record.loss)
    ? "the loss"
    : kinds.find((kind) => !Number.isFinite(record.weightNorm[kind]));
  if (bad !== undefined) {
    throw new TrainingDivergedError(
      issued.step,
      bad === "the loss" ? bad : `the norm of the ${bad} weights`,
      history,
    );
  }
  return record;
}

/**
 * Epoch `epoch`'s steps, on its batches in the order its seed gives; `clock` adds up the time and images of the
 * steps alone. Returns the step after the last and the means of the batches' loss and accuracy.
 */
async function trainEpoch(
  run: Run,
  epoch: number,
  signal: AbortSignal | undefined,
  clock: { seconds: number; images: number },
) {
  const { experiment, data } = run;
  const batchOptions = {
    batchSize: experiment.data.batchSize,
    augment: experiment.data.augment,
    seed: experiment.seed,
  };
  const batches =
    data.train.count >= batchThreadMinimum
      ? workerBatches(data.train, epoch, batchOptions)
      : prefetch(epochBatches(data.train, epoch, batchOptions));
  let lossSum = 0;
  let accuracySum = 0;
  let seen = 0;
  let step = epoch * run.stepsPerEpoch;
  // On a GPU, step k is recorded once step k + 1 is issued: the device works on one while the loop waits for the
  // other (an interrupt then stops after the step already issued). The CPU backends compute as they issue: at once.
  const overlap = tf.getBackend() === "webgpu";
  let pending: IssuedStep | null = null;
  const record = async (issued: IssuedStep) => {
    const done = await recordStep(run, issued);
    lossSum += done.loss * issued.size;
    accuracySum += done.accuracy * issued.size;
    seen += issued.size;
    for (const c of run.callbacks) c.onStep?.(done);
  };
  for await (const batch of batches) {
    if (signal?.aborted) {
      if (pending !== null) await record(pending);
      throw new TrainingInterruptedError(step, run.history);
    }
    const began = performance.now();
    const issued = await issueStep(run, batch, epoch, step);
    if (pending !== null) await record(pending);
    pending = issued;
    if (!overlap) {
      await record(issued);
      pending = null;
    }
    clock.seconds += (performance.now() - began) / 1000;
    clock.images += batch.size;
    step++;
  }
  if (pending !== null) {
    const began = performance.now();
    await record(pending);
    clock.seconds += (performance.now() - began) / 1000;
  }
  return { step, means: { trainLoss: lossSum / seen, trainAccuracy: accuracySum / seen } };
}

/** The epoch's record (means over its batches, norms, angle, test metrics when due), then a checkpoint when due. */
async function endEpoch(
  run: Run,
  epoch: number,
  step: number,
  means: { trainLoss: number; trainAccuracy: number },
  startWeights: Float32Array | null,
): Promise<void> {
  const { experiment, kinds, model } = run;
  const norms = await readAndDispose(() => squaredNorms(run.groupParams));
  const record: EpochRecord = {
    epoch,
    step,
    ...means,
    weightNorm: Object.fromEntries(kinds.map((kind, i) => [kind, Math.sqrt(norms[i])])),
  };
  const badKind = kinds.find((kind) => !Number.isFinite(record.weightNorm[kind]));
  if (badKind !== undefined) {
    throw new TrainingDivergedError(step - 1, `the norm of the ${badKind} weights after it`, run.history);
  }
  if (startWeights !== null) record.angle = angleBetween(startWeights, await flatValues(run.invariant));
  const last = epoch === experiment.epochs - 1;
  if (last || (experiment.evalEvery > 0 && (epoch + 1) % experiment.evalEvery === 0)) {
    const evalBatchSize = experiment.data.evalBatchSize ?? 500;
    Object.assign(
      record,
      await evaluate(model, run.data.test, evalBatchSize, experiment.evalStatistics === "batch"),
    );
  }
  run.history.epochs.push(record);
  for (const c of run.callbacks) c.onEpoch?.(record, run.history);
  if (experiment.checkpoint !== undefined && (last || (epoch + 1) % experiment.checkpoint.every === 0)) {
    // Read first, so that the optimizer's synchronous save finds its buffers' values on the CPU.
    await Promise.all(run.optimizer.state.buffers.flat().map((b) => (b === null ? null : read(b))));
    const path = await writeCheckpoint(experiment.checkpoint.dir, {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      epochsDone: epoch + 1,
      step,
      params: await tensorsToJSON(model.params),
      buffers: await tensorsToJSON(model.buffers),
      optimizer: run.optimizer.save(),
      history: run.history,
    });
    run.log(`checkpoint after epoch ${epoch + 1}: ${path}`);
  }
}

/**
 * Trains `experiment` with SGD (one parameter group per parameter kind, schedules per step), evaluates on the test
 * set, records a `History`, writes checkpoints and resumes from them bit for bit. A non-finite loss or weight norm
 * throws `TrainingDivergedError` naming the step, before any checkpoint of the bad state is written.
 * Example: `const { history } = await train(presets["cifar10-cpu-smoke"].stepDecay, { callbacks:
 * [dashboardCallbacks(new plot.TrainingDashboard())] })`.
 */
export async function train(experiment: Experiment, options: TrainOptions = {}): Promise<TrainResult> {
  const signal = options.signal ?? cellSignal();
  const { log, backend, data, trainedData, stepsPerEpoch } = await setUp(experiment, options);
  const model = buildModel(experiment.model);
  const trainable = model.params.filter((p) => p.trainable);
  const kinds = paramKinds.filter((kind) => trainable.some((p) => p.kind === kind));
  const groupParams = kinds.map((kind) => trainable.filter((p) => p.kind === kind));
  const config = optimizerConfig(experiment.optimizer, kinds);
  const events = options.tensorboard ?? tensorboardFolder(experiment);
  const callbacks = [...(options.callbacks ?? []), ...(events ? [tensorboardCallbacks(events)] : [])];
  let history = emptyHistory(experiment, kinds, stepsPerEpoch, trainedData);
  let optimizer: VariableSgd | undefined;
  let gradients: GradientSource | undefined;
  try {
    optimizer = sgdVariables(
      config,
      groupParams.map((group) => group.map((p) => p.variable)),
    );
    const frozen = optimizer.groups.map((group) => group.frozen);
    const moving = groupParams.flatMap((group, i) => (frozen[i] ? [] : group.map((p) => p.variable)));
    gradients =
      experiment.parallel === undefined
        ? localGradients(model, moving)
        : await parallelGradients(model, moving, experiment.parallel.workers, backend);
    const run: Run = {
      experiment,
      data,
      stepsPerEpoch,
      model,
      kinds,
      groupParams,
      invariant: trainable.filter((p) => p.kind === "scale-invariant"),
      optimizer,
      gradients,
      callbacks,
      log,
      history,
    };
    const startEpoch = options.resume ? await resume(run) : 0;
    history = run.history;
    for (const c of callbacks) {
      c.onStart?.({
        totalSteps: stepsPerEpoch * experiment.epochs,
        startStep: startEpoch * stepsPerEpoch,
        stepsPerEpoch,
        groups: kinds,
        backend,
      });
    }
    const clock = { seconds: 0, images: 0 };
    for (let epoch = startEpoch; epoch < experiment.epochs; epoch++) {
      const startWeights = run.invariant.length > 0 ? await flatValues(run.invariant) : null;
      const { step, means } = await trainEpoch(run, epoch, signal, clock);
      await endEpoch(run, epoch, step, means, startWeights);
    }
    return { history, imagesPerSecond: clock.seconds > 0 ? clock.images / clock.seconds : 0, backend };
  } finally {
    await gradients?.close();
    for (const c of callbacks) c.onEnd?.(history);
    optimizer?.dispose();
    model.dispose();
  }
}
