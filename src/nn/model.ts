import * as tf from "@tensorflow/tfjs-core";
import { seededRandom } from "../random.js";
import { type ModelConfig, type ResolvedModelConfig, resolveConfig } from "./config.js";
import { normalValues } from "./init.js";
import {
  affine,
  batchNormTraining,
  conv2d,
  dense,
  globalAveragePool,
  type NormOptions,
  normalize,
  type ParamReader,
  perSampleNormalize,
  RunningUpdates,
  residualAdd,
} from "./layers.js";
import { softmaxCrossEntropy } from "./loss.js";
import { groupByKind, type Param, type ParamKind } from "./params.js";

/** How a forward pass runs. */
export interface ForwardOptions {
  /** BatchNorm: batch statistics when true, running statistics when false. */
  training: boolean;
  /** Update BatchNorm running statistics in training mode (default true; a measurement passes false). */
  updateStats?: boolean;
  /** Values used instead of the parameters with these names (e.g. scaled weights); the variables are untouched. */
  overrides?: ReadonlyMap<string, tf.Tensor>;
}

interface Context {
  training: boolean;
  updateStats: boolean;
  read: ParamReader;
  /** Where BatchNorm layers leave their running-statistics updates, applied at the end of the pass. */
  runningUpdates: RunningUpdates | undefined;
}

type Layer = (x: tf.Tensor4D, ctx: Context) => tf.Tensor4D;

/**
 * Runs `layers` one after another, each in a tidy of its own, and frees each intermediate result once the next layer
 * has made its own (never `x`, the caller's). A single tidy around the network would hold every layer's tensors until
 * the end: an evaluation of PreResNet-20 on 500 images then holds 1.6 GB instead of a few of its activations.
 * Training is not changed by it: tfjs's tape keeps its own references to what the backward pass reads.
 */
function runInTurn(layers: readonly Layer[], x: tf.Tensor4D, ctx: Context): tf.Tensor4D {
  let h = x;
  for (const layer of layers) {
    const input = h;
    h = tf.tidy(() => layer(input, ctx));
    if (input !== x) input.dispose();
  }
  return h;
}

/** A functional network on tfjs-core: parameters as tagged tf.Variables, forward as a pure function of them. */
export interface Model {
  readonly config: ResolvedModelConfig;
  readonly params: readonly Param[];
  /** Parameters by kind, for per-group weight decay or LR schedules. */
  readonly groups: Readonly<Record<ParamKind, Param[]>>;
  /** BatchNorm running means and variances (not parameters). */
  readonly buffers: readonly { name: string; variable: tf.Variable }[];
  /** The trainable variables, in `params` order (what `tf.variableGrads` should differentiate). */
  trainableVariables(): tf.Variable[];
  /** Logits [N, classes] of NHWC images [N, 32, 32, 3]. */
  forward(x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D;
  /** Softmax cross-entropy loss and accuracy on a labelled batch. */
  lossAndAccuracy(
    x: tf.Tensor4D,
    labels: tf.Tensor1D,
    options: ForwardOptions,
  ): { loss: tf.Scalar; accuracy: tf.Scalar };
  /** Frees every variable of the model. */
  dispose(): void;
}

const relu = (x: tf.Tensor4D): tf.Tensor4D => tf.relu(x);

class Builder {
  readonly params: Param[] = [];
  readonly buffers: { name: string; variable: tf.Variable }[] = [];
  private readonly next: () => number;

  constructor(readonly config: ResolvedModelConfig) {
    // The one seeded generator of the package, so a config and seed give the same weights on every backend.
    this.next = seededRandom(config.seed).normal;
  }

  param(name: string, kind: ParamKind, shape: number[], values: Float32Array, trainable = true): void {
    // tfjs variable names are global; ours are per model, so let tfjs number its own.
    const variable = tf.tidy(() => tf.variable(tf.tensor(values, shape), trainable));
    this.params.push({ name, variable, kind, trainable });
  }

  conv(name: string, k: number, inChannels: number, outChannels: number, stride: number): Layer {
    const fanIn = k * k * inChannels;
    const size = fanIn * outChannels;
    this.param(
      name,
      "scale-invariant",
      [k, k, inChannels, outChannels],
      normalValues(this.next, size, Math.sqrt(2 / fanIn)),
    );
    return (x, ctx) => conv2d(x, ctx.read(name), stride);
  }

  /** A normalization layer followed by ReLU (every normalization of these networks is). */
  normRelu(name: string, channels: number): Layer {
    const { norm, affine: affineMode, bnEpsilon, bnMomentum, groups } = this.config;
    const options: NormOptions = { epsilon: bnEpsilon, minVariance: 1e-30 };
    const learnable = affineMode === "learnable";
    if (learnable) {
      this.param(`${name}.gamma`, "norm-affine", [channels], new Float32Array(channels).fill(1));
      this.param(`${name}.beta`, "norm-affine", [channels], new Float32Array(channels));
    }
    const affineRelu = (y: tf.Tensor, ctx: Context): tf.Tensor4D =>
      relu((learnable ? affine(y, ctx.read(`${name}.gamma`), ctx.read(`${name}.beta`)) : y) as tf.Tensor4D);
    if (norm !== "batch") {
      return (x, ctx) => affineRelu(perSampleNormalize(x, norm, groups, options), ctx);
    }
    const runningMean = tf.tidy(() => tf.variable(tf.zeros([channels]), false));
    const runningVariance = tf.tidy(() => tf.variable(tf.ones([channels]), false));
    this.buffers.push({ name: `${name}.runningMean`, variable: runningMean });
    this.buffers.push({ name: `${name}.runningVariance`, variable: runningVariance });
    const running = { mean: runningMean, variance: runningVariance, momentum: bnMomentum };
    return (x, ctx) => {
      if (!ctx.training) return affineRelu(normalize(x, runningMean, runningVariance, options), ctx);
      const updates = ctx.updateStats ? running : undefined;
      // Without affine parameters the ReLU runs inside the normalization (one kernel on webgpu).
      const deferTo = ctx.runningUpdates;
      if (!learnable) return batchNormTraining(x, options, { relu: true, running: updates, deferTo });
      return affineRelu(batchNormTraining(x, options, { running: updates, deferTo }), ctx);
    };
  }

  output(inFeatures: number): (x: tf.Tensor2D, ctx: Context) => tf.Tensor2D {
    const { numClasses, output } = this.config;
    const learnable = output === "learnable";
    const weights = normalValues(this.next, inFeatures * numClasses, 1 / Math.sqrt(inFeatures));
    this.param("fc.weight", "output", [inFeatures, numClasses], weights, learnable);
    // A fixed output layer has no bias: it would be a constant shift that is never trained.
    if (learnable) this.param("fc.bias", "bias", [numClasses], new Float32Array(numClasses));
    return (x, ctx) => dense(x, ctx.read("fc.weight"), learnable ? ctx.read("fc.bias") : null);
  }
}

/** Pre-activation residual block (He et al. 2016): BN-ReLU-conv-BN-ReLU-conv plus a shortcut. */
function preActBlock(
  b: Builder,
  name: string,
  inChannels: number,
  outChannels: number,
  stride: number,
): Layer {
  const norm1 = b.normRelu(`${name}.norm1`, inChannels);
  const conv1 = b.conv(`${name}.conv1`, 3, inChannels, outChannels, stride);
  const norm2 = b.normRelu(`${name}.norm2`, outChannels);
  const conv2 = b.conv(`${name}.conv2`, 3, outChannels, outChannels, 1);
  const projection =
    stride !== 1 || inChannels !== outChannels
      ? b.conv(`${name}.shortcut`, 1, inChannels, outChannels, stride)
      : null;
  return (x, ctx) => {
    const pre = norm1(x, ctx);
    const shortcut = projection === null ? x : projection(pre, ctx);
    const residual = conv2(norm2(conv1(pre, ctx), ctx), ctx);
    return residualAdd(residual, shortcut);
  };
}

function preResNet(b: Builder): (x: tf.Tensor4D, ctx: Context) => tf.Tensor2D {
  const { depth, width } = b.config;
  const blocksPerStage = (depth - 2) / 6;
  const stem = b.conv("stem.conv", 3, 3, width, 1);
  const blocks: Layer[] = [];
  let channels = width;
  for (let stage = 0; stage < 3; stage++) {
    const outChannels = width * 2 ** stage;
    for (let block = 0; block < blocksPerStage; block++) {
      const stride = stage > 0 && block === 0 ? 2 : 1;
      blocks.push(preActBlock(b, `stage${stage + 1}.block${block + 1}`, channels, outChannels, stride));
      channels = outChannels;
    }
  }
  const finalNorm = b.normRelu("final.norm", channels);
  const head = b.output(channels);
  const layers = [stem, ...blocks, finalNorm];
  return (x, ctx) => head(globalAveragePool(runInTurn(layers, x, ctx)), ctx);
}

function smallCnn(b: Builder): (x: tf.Tensor4D, ctx: Context) => tf.Tensor2D {
  const { width } = b.config;
  const layers: Layer[] = [];
  let channels = 3;
  for (const [i, stride] of [1, 2, 2].entries()) {
    const outChannels = width * 2 ** i;
    const conv = b.conv(`conv${i + 1}`, 3, channels, outChannels, stride);
    const norm = b.normRelu(`norm${i + 1}`, outChannels);
    layers.push((x, ctx) => norm(conv(x, ctx), ctx));
    channels = outChannels;
  }
  const head = b.output(channels);
  return (x, ctx) => head(globalAveragePool(runInTurn(layers, x, ctx)), ctx);
}

/**
 * Builds a model from a JSON config, with deterministic He-normal weights from `config.seed`. Differentiate it
 * after `await backend.ready()`, which registers tfjs's gradients and starts a backend.
 * Example: `const m = buildModel({ arch: "preresnet", depth: 20, norm: "batch", affine: "fixed", output: "fixed",
 * bnEpsilon: 1e-5 }); const logits = m.forward(x, { training: true });`
 */
export function buildModel(config: ModelConfig): Model {
  const resolved = resolveConfig(config);
  const b = new Builder(resolved);
  const network = resolved.arch === "preresnet" ? preResNet(b) : smallCnn(b);
  const byName = new Map(b.params.map((p) => [p.name, p.variable]));
  const forward = (x: tf.Tensor4D, options: ForwardOptions): tf.Tensor2D => {
    const [, height, width, channels] = x.shape;
    if (x.rank !== 4 || channels !== 3) {
      throw new RangeError(`model input must be NHWC [N, H, W, 3]; got [${x.shape.join(", ")}].`);
    }
    if (height < 4 || width < 4)
      throw new RangeError(`model input ${height}x${width} is too small; use 32x32.`);
    const overrides = options.overrides;
    for (const name of overrides?.keys() ?? []) {
      if (!byName.has(name)) throw new RangeError(`override '${name}' names no parameter of this model.`);
    }
    const read: ParamReader = (name) => overrides?.get(name) ?? (byName.get(name) as tf.Variable);
    const updateStats = options.updateStats ?? true;
    const runningUpdates = options.training && updateStats ? RunningUpdates.forFusedKernels() : undefined;
    try {
      return tf.tidy(() => {
        const logits = network(x, { training: options.training, updateStats, read, runningUpdates });
        runningUpdates?.apply();
        return logits;
      });
    } finally {
      runningUpdates?.discard();
    }
  };
  return {
    config: resolved,
    params: b.params,
    groups: groupByKind(b.params),
    buffers: b.buffers,
    trainableVariables: () => b.params.filter((p) => p.trainable).map((p) => p.variable),
    forward,
    lossAndAccuracy: (x, labels, options) => {
      const logits = forward(x, options);
      const result = softmaxCrossEntropy(logits, labels);
      logits.dispose();
      return result;
    },
    dispose: () => {
      for (const { variable } of [...b.params, ...b.buffers]) variable.dispose();
    },
  };
}
