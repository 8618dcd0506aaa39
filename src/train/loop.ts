import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, ready } from "../backend/select.js";
import { workerBatches } from "../data/batch-worker.js";
import { batchesPerEpoch, epochBatches, prefetch } from "../data/batches.js";
import { loadCifar10 } from "../data/cifar10.js";
import type { LabeledImages } from "../data/format.js";
import { subsetPerClass } from "../data/subset.js";
import { cellSignal } from "../interrupt.js";
import { buildModel, type Model } from "../nn/model.js";
import { type Param, type ParamKind, paramKinds } from "../nn/params.js";
import { resolveGroups } from "../optim/config.js";
import { sgdVariables, type VariableSgd } from "../optim/tfjs.js";
import { valueAt } from "../schedule/schedule.js";
import { angleBetween } from "../theory/vectors.js";
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  readCheckpoint,
  type TensorJSON,
  writeCheckpoint,
} from "./checkpoint.js";
import { checkExperiment, type Experiment, optimizerConfig } from "./experiment.js";
import { type GradientSource, localGradients, parallelGradients } from "./gradients.js";
import { type EpochRecord, emptyHistory, type History, type StepRecord } from "./history.js";

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

function tensorsOf(batch: { images: Float32Array | Uint8Array; labels: Uint8Array; size: number }) {
  return {
    x: tf.tensor4d(batch.images as Float32Array, [batch.size, 32, 32, 3]),
    y: tf.tensor1d(Int32Array.from(batch.labels), "int32"),
  };
}

/**
 * Reads a tensor asynchronously: webgpu in Node cannot read synchronously. The values stay cached on the CPU, so a
 * later synchronous read of the same tensor (the optimizer's `save`) works everywhere.
 */
async function read(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

async function toJSONTensors(
  items: readonly { name: string; variable: tf.Variable }[],
): Promise<TensorJSON[]> {
  return Promise.all(
    items.map(async ({ name, variable }) => ({
      name,
      shape: [...variable.shape],
      values: Array.from(await read(variable)),
    })),
  );
}

/** Reads a tidy's result and frees it. */
async function readAndDispose(make: () => tf.Tensor): Promise<Float32Array> {
  const t = tf.tidy(make);
  try {
    return await read(t);
  } finally {
    t.dispose();
  }
}

function assignTensors(items: readonly { name: string; variable: tf.Variable }[], saved: TensorJSON[]): void {
  const byName = new Map(saved.map((t) => [t.name, t]));
  for (const { name, variable } of items) {
    const t = byName.get(name);
    if (t === undefined || t.values.length !== variable.size) {
      throw new RangeError(
        `checkpoint: "${name}" is missing or has another shape; it belongs to another model`,
      );
    }
    tf.tidy(() => variable.assign(tf.tensor(t.values, variable.shape, "float32")));
  }
}

function flatValues(params: readonly Param[]): Promise<Float32Array> {
  return readAndDispose(() => tf.concat(params.map((p) => p.variable.flatten())));
}

/** Mean loss and accuracy on `set`, BatchNorm with running or batch statistics (running ones are not updated). */
async function evaluate(model: Model, set: LabeledImages, batchSize: number, batchStatistics: boolean) {
  let loss = 0;
  let accuracy = 0;
  for (const batch of epochBatches(set, 0, { batchSize, shuffle: false })) {
    const { x, y } = tensorsOf(batch);
    const values = await readAndDispose(() => {
      const r = model.lossAndAccuracy(x, y, { training: batchStatistics, updateStats: false });
      return tf.stack([r.loss, r.accuracy]);
    });
    tf.dispose([x, y]);
    loss += values[0] * batch.size;
    accuracy += values[1] * batch.size;
  }
  return { testLoss: loss / set.count, testAccuracy: accuracy / set.count };
}

/**
 * Trains `experiment` with SGD (one parameter group per parameter kind, schedules per step), evaluates on the test
 * set, records a `History`, writes checkpoints and resumes from them bit for bit. A non-finite loss or weight norm
 * throws `TrainingDivergedError` naming the step, before any checkpoint of the bad state is written.
 * Example: `const { history } = await train(presets["cifar10-cpu-smoke"].stepDecay, { callbacks:
 * [dashboardCallbacks(new plot.TrainingDashboard())] })`.
 */
export async function train(experiment: Experiment, options: TrainOptions = {}): Promise<TrainResult> {
  checkExperiment(experiment);
  const log = options.log ?? (() => {});
  const signal = options.signal ?? cellSignal();
  const choice = await ready({ backend: options.backend, log });
  const data = options.data ?? (await loadData(experiment));
  const { batchSize, augment } = experiment.data;
  const evalBatchSize = experiment.data.evalBatchSize ?? 500;
  const stepsPerEpoch = batchesPerEpoch(data.train.count, batchSize);
  const lastBatch = data.train.count % batchSize;
  const workers = experiment.parallel?.workers ?? 1;
  if (lastBatch > 0 && lastBatch < workers) {
    throw new RangeError(
      `the last batch of each epoch has ${lastBatch} images for ${workers} parallel workers; ` +
        "choose batchSize or the training set size so that it has at least one image per worker",
    );
  }
  const totalSteps = stepsPerEpoch * experiment.epochs;
  const model = buildModel(experiment.model);
  const trainable = model.params.filter((p) => p.trainable);
  const kinds = paramKinds.filter((kind) => trainable.some((p) => p.kind === kind));
  const groupParams = kinds.map((kind) => trainable.filter((p) => p.kind === kind));
  const config = optimizerConfig(experiment.optimizer, kinds);
  const resolved = resolveGroups(config);
  let optimizer: VariableSgd | undefined;
  let gradients: GradientSource | undefined;
  const callbacks = options.callbacks ?? [];
  let history = emptyHistory(experiment, kinds, stepsPerEpoch);
  try {
    optimizer = sgdVariables(
      config,
      groupParams.map((group) => group.map((p) => p.variable)),
    );
    const moving = groupParams.flatMap((group, i) =>
      resolved[i].frozen ? [] : group.map((p) => p.variable),
    );
    gradients =
      experiment.parallel === undefined
        ? localGradients(model, moving)
        : await parallelGradients(model, moving, experiment.parallel.workers, choice.backend);
    const invariant = trainable.filter((p) => p.kind === "scale-invariant");
    const checkpointDir = experiment.checkpoint?.dir;
    let startEpoch = 0;
    if (options.resume && checkpointDir !== undefined) {
      const saved = await readCheckpoint(checkpointDir, { log, resumes: { experiment, stepsPerEpoch } });
      if (saved !== null) {
        assignTensors(model.params, saved.params);
        assignTensors(model.buffers, saved.buffers);
        optimizer.load(saved.optimizer);
        history = { ...saved.history, experiment };
        startEpoch = saved.epochsDone;
        log(`resumed from ${checkpointDir} after epoch ${startEpoch} (step ${saved.step})`);
      }
    }
    for (const c of callbacks) {
      c.onStart?.({
        totalSteps,
        startStep: startEpoch * stepsPerEpoch,
        stepsPerEpoch,
        groups: kinds,
        backend: choice.backend,
      });
    }
    let trainSeconds = 0;
    let trainImages = 0;
    for (let epoch = startEpoch; epoch < experiment.epochs; epoch++) {
      const startWeights = invariant.length > 0 ? await flatValues(invariant) : null;
      let lossSum = 0;
      let accuracySum = 0;
      let seen = 0;
      let step = epoch * stepsPerEpoch;
      const batchOptions = { batchSize, augment, seed: experiment.seed };
      const batches =
        data.train.count >= batchThreadMinimum
          ? workerBatches(data.train, epoch, batchOptions)
          : prefetch(epochBatches(data.train, epoch, batchOptions));
      for await (const batch of batches) {
        if (signal?.aborted) throw new TrainingInterruptedError(step, history);
        const began = performance.now();
        const { x, y } = tensorsOf(batch);
        const { grads, metrics } = await gradients.compute(x, y);
        const values = await readAndDispose(() =>
          tf.concat([
            metrics,
            tf.stack(groupParams.map((group) => tf.addN(group.map((p) => tf.sum(tf.square(p.variable)))))),
          ]),
        );
        tf.dispose([x, y, metrics]);
        const record: StepRecord = {
          step,
          epoch,
          loss: values[0],
          accuracy: values[1],
          lr: {},
          weightDecay: {},
          weightNorm: {},
        };
        kinds.forEach((kind, i) => {
          record.lr[kind] = valueAt(resolved[i].lr, step);
          record.weightDecay[kind] = valueAt(resolved[i].weightDecay, step);
          record.weightNorm[kind] = Math.sqrt(values[2 + i]);
        });
        const invariantIndex = kinds.indexOf("scale-invariant");
        if (invariantIndex >= 0) {
          record.effectiveLr = (record.lr["scale-invariant"] as number) / values[2 + invariantIndex];
        }
        const bad = !Number.isFinite(record.loss)
          ? "the loss"
          : kinds.find((kind) => !Number.isFinite(record.weightNorm[kind]));
        if (bad !== undefined) {
          tf.dispose(grads);
          history.steps.push(record);
          throw new TrainingDivergedError(
            step,
            bad === "the loss" ? bad : `the norm of the ${bad} weights`,
            history,
          );
        }
        optimizer.step(grads);
        tf.dispose(grads);
        trainSeconds += (performance.now() - began) / 1000;
        trainImages += batch.size;
        history.steps.push(record);
        lossSum += record.loss * batch.size;
        accuracySum += record.accuracy * batch.size;
        seen += batch.size;
        step++;
        for (const c of callbacks) c.onStep?.(record);
      }
      const norms = await readAndDispose(() =>
        tf.stack(groupParams.map((group) => tf.addN(group.map((p) => tf.sum(tf.square(p.variable)))))),
      );
      const epochRecord: EpochRecord = {
        epoch,
        step,
        trainLoss: lossSum / seen,
        trainAccuracy: accuracySum / seen,
        weightNorm: Object.fromEntries(kinds.map((kind, i) => [kind, Math.sqrt(norms[i])])),
      };
      const badKind = kinds.find((kind) => !Number.isFinite(epochRecord.weightNorm[kind]));
      if (badKind !== undefined) {
        throw new TrainingDivergedError(step - 1, `the norm of the ${badKind} weights after it`, history);
      }
      if (startWeights !== null) epochRecord.angle = angleBetween(startWeights, await flatValues(invariant));
      const last = epoch === experiment.epochs - 1;
      if (last || (experiment.evalEvery > 0 && (epoch + 1) % experiment.evalEvery === 0)) {
        Object.assign(
          epochRecord,
          await evaluate(model, data.test, evalBatchSize, experiment.evalStatistics === "batch"),
        );
      }
      history.epochs.push(epochRecord);
      for (const c of callbacks) c.onEpoch?.(epochRecord, history);
      if (experiment.checkpoint !== undefined && (last || (epoch + 1) % experiment.checkpoint.every === 0)) {
        // Read first, so that the optimizer's synchronous save finds its buffers' values on the CPU.
        await Promise.all(optimizer.state.buffers.flat().map((b) => (b === null ? null : b.data())));
        const path = await writeCheckpoint(experiment.checkpoint.dir, {
          format: CHECKPOINT_FORMAT,
          version: CHECKPOINT_VERSION,
          epochsDone: epoch + 1,
          step,
          params: await toJSONTensors(model.params),
          buffers: await toJSONTensors(model.buffers),
          optimizer: optimizer.save(),
          history,
        });
        log(`checkpoint after epoch ${epoch + 1}: ${path}`);
      }
    }
    return {
      history,
      imagesPerSecond: trainSeconds > 0 ? trainImages / trainSeconds : 0,
      backend: choice.backend,
    };
  } finally {
    await gradients?.close();
    for (const c of callbacks) c.onEnd?.(history);
    optimizer?.dispose();
    model.dispose();
  }
}
