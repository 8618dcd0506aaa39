import * as tf from "@tensorflow/tfjs-core";
import { read, readAndDispose } from "../backend/read.js";
import { registerGradients } from "../backend/select.js";
import { CHANNELS, IMAGE_SIZE } from "../data/format.js";
import type { ModelConfig } from "../nn/config.js";
import { buildModel, type Model } from "../nn/model.js";
import type { SgdConfig } from "../optim/config.js";
import { sgdVariables, type VariableSgd } from "../optim/tfjs.js";
import { seededRandom } from "../random.js";
import { angleBetween, norm } from "../vectors.js";

/**
 * Twin runs on TensorFlow.js: several optimizers train copies of one network, in lockstep, on the same batches,
 * and every step each run is compared with a reference run. This is how the equivalence theorem is checked in
 * float32, where it cannot hold pointwise for long (SGD amplifies rounding), and how that drift is compared with a
 * chaos control: the reference optimizer itself, started a float32 rounding away.
 */

export interface TwinBatch {
  /** NHWC images [size, 32, 32, 3], float32. */
  images: Float32Array;
  labels: Int32Array;
  size: number;
}

export interface TwinRunSpec {
  /**
   * The optimizer over two groups of the model's trainable parameters: [scale-invariant weights, the others]. A
   * configuration without `groups` applies to both.
   */
  optimizer: SgdConfig;
  /**
   * Multiplies each initial scale-invariant weight by (1 ± perturbation), with a seeded random sign: 2⁻²⁴ is one
   * float32 rounding. Default 0.
   */
  perturbation?: number;
}

export interface TwinOptions {
  model: ModelConfig;
  /** The runs by name; `reference` names the one the others are compared with. */
  runs: Record<string, TwinRunSpec>;
  reference: string;
  /** batches[k] trains step k. */
  batches: readonly TwinBatch[];
  /** Logits are compared on this batch, in batch-statistics mode (BatchNorm's running statistics lag behind the
   * weight scale c_k, so evaluation mode is not equivalent even in exact arithmetic). */
  probe: TwinBatch;
  /** Called after each step, e.g. for a progress bar. */
  onStep?: (step: number) => void;
}

export interface TwinComparison {
  /** Per step k = 0..steps, the angle in radians between the run's scale-invariant weights and the reference's. */
  angle: number[];
  /** Per step, max |Δ logit| on the probe batch. */
  logitGap: number[];
  /** Per step, ‖w_run‖ / ‖w_reference‖ over the scale-invariant weights. */
  normRatio: number[];
}

export interface TwinResult {
  /** One comparison per run other than the reference. */
  comparisons: Record<string, TwinComparison>;
  /** ‖w‖ of the scale-invariant weights of every run (the reference included), per step. */
  norms: Record<string, number[]>;
}

interface Replica {
  model: Model;
  optimizer: VariableSgd;
  invariant: tf.Variable[];
}

async function replica(config: ModelConfig, spec: TwinRunSpec, seed: number): Promise<Replica> {
  const model = buildModel(config);
  const trainable = model.params.filter((p) => p.trainable);
  const invariant = trainable.filter((p) => p.kind === "scale-invariant").map((p) => p.variable);
  const others = trainable.filter((p) => p.kind !== "scale-invariant").map((p) => p.variable);
  if (spec.perturbation) {
    const random = seededRandom(seed);
    for (const v of invariant) {
      const values = (await read(v)).map(
        (x) => x * (1 + (random.uniform() < 0.5 ? -1 : 1) * (spec.perturbation ?? 0)),
      );
      tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    }
  }
  const groups = spec.optimizer.groups ?? [{}, {}];
  if (groups.length !== 2) {
    throw new RangeError(
      `twinRuns: an optimizer needs 2 groups (scale-invariant, others), got ${groups.length}`,
    );
  }
  return { model, optimizer: sgdVariables({ ...spec.optimizer, groups }, [invariant, others]), invariant };
}

function flatWeights(variables: readonly tf.Variable[]): Promise<Float32Array> {
  return readAndDispose(() => tf.concat(variables.map((v) => v.flatten())));
}

function compareWeights(a: Float32Array, b: Float32Array): { angle: number; ratio: number } {
  return { angle: angleBetween(a, b), ratio: norm(a) / norm(b) };
}

function tensors(batch: TwinBatch) {
  return {
    x: tf.tensor4d(batch.images, [batch.size, IMAGE_SIZE, IMAGE_SIZE, CHANNELS]),
    y: tf.tensor1d(batch.labels, "int32"),
  };
}

/** Trains every run on the same batches and compares it with the reference at every step (k = 0..steps). */
export async function twinRuns(options: TwinOptions): Promise<TwinResult> {
  const { runs, reference, batches, probe } = options;
  if (!(reference in runs))
    throw new RangeError(`twinRuns: the reference "${reference}" is not one of the runs`);
  await registerGradients();
  const names = Object.keys(runs);
  const replicas: Record<string, Replica> = {};
  for (const [i, name] of names.entries()) replicas[name] = await replica(options.model, runs[name], 1 + i);
  const probeTensors = tensors(probe);
  const result: TwinResult = {
    comparisons: Object.fromEntries(
      names.filter((n) => n !== reference).map((n) => [n, { angle: [], logitGap: [], normRatio: [] }]),
    ),
    norms: Object.fromEntries(names.map((n) => [n, []])),
  };
  /** Reads every run's weights and probe logits (asynchronously: webgpu cannot read synchronously in Node). */
  const readRun = async (n: string) => ({
    weights: await flatWeights(replicas[n].invariant),
    logits: await readAndDispose(() =>
      replicas[n].model.forward(probeTensors.x, { training: true, updateStats: false }),
    ),
  });
  const record = async () => {
    const values = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n, await readRun(n)] as const)),
    );
    const weights = Object.fromEntries(names.map((n) => [n, values[n].weights]));
    const logits = Object.fromEntries(names.map((n) => [n, values[n].logits]));
    for (const n of names) {
      result.norms[n].push(norm(weights[n]));
      if (n === reference) continue;
      const { angle, ratio } = compareWeights(weights[n], weights[reference]);
      const comparison = result.comparisons[n];
      comparison.angle.push(angle);
      comparison.normRatio.push(ratio);
      comparison.logitGap.push(
        logits[n].reduce((m, x, i) => Math.max(m, Math.abs(x - logits[reference][i])), 0),
      );
    }
  };

  try {
    await record();
    for (let k = 0; k < batches.length; k++) {
      const { x, y } = tensors(batches[k]);
      for (const n of names) {
        const { model, optimizer } = replicas[n];
        const { grads, value } = tf.variableGrads(() => {
          const { loss, accuracy } = model.lossAndAccuracy(x, y, { training: true });
          accuracy.dispose();
          return loss;
        }, model.trainableVariables());
        optimizer.step(grads);
        value.dispose();
        tf.dispose(grads);
      }
      tf.dispose([x, y]);
      await record();
      options.onStep?.(k);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    tf.dispose([probeTensors.x, probeTensors.y]);
    for (const n of names) {
      replicas[n].optimizer.dispose();
      replicas[n].model.dispose();
    }
  }
  return result;
}

/** Gaussian images and uniform labels: the theorem holds for any data, and these need no download. */
export function randomBatches(count: number, size: number, seed = 0, classes = 10): TwinBatch[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    images: Float32Array.from({ length: size * 32 * 32 * 3 }, random.normal),
    labels: Int32Array.from({ length: size }, () => random.int(classes)),
    size,
  }));
}
