import * as tf from "@tensorflow/tfjs-core";
import {
  axpby,
  batchNormBackward,
  batchNormForward,
  flatten,
  fusedKernelNames,
  hasFusedKernel,
  hasMultiTensorKernels,
  runningAverage,
  unflatten,
} from "../backend/fused-ops.js";

/** Reads a parameter by name; lets a caller substitute values (e.g. scaled weights) without touching variables. */
export type ParamReader = (name: string) => tf.Tensor;

/** conv2d, NHWC, 'same' padding, no bias (it would be removed by the normalization that follows). */
export function conv2d(x: tf.Tensor4D, weight: tf.Tensor, stride: number): tf.Tensor4D {
  return tf.conv2d(x, weight as tf.Tensor4D, stride, "same");
}

/** Normalization options shared by every kind. */
export interface NormOptions {
  /** ε added to the variance; 0 keeps the layer exactly scale invariant. */
  epsilon: number;
  /**
   * Floor on variance + ε so that a constant channel with ε = 0 gives 0 instead of NaN; tiny enough never to bind
   * on real activations.
   */
  minVariance: number;
}

/** (x − mean) / √max(var + ε, floor), the shared core of every normalization. */
export function normalize(
  x: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  options: NormOptions,
): tf.Tensor {
  const denominator = tf.rsqrt(tf.maximum(tf.add(variance, options.epsilon), options.minVariance));
  return tf.mul(tf.sub(x, mean), denominator);
}

/** Per-channel γ·x + β; omitted when the affine parameters are fixed at γ = 1, β = 0. */
export function affine(x: tf.Tensor, gamma: tf.Tensor | null, beta: tf.Tensor | null): tf.Tensor {
  const scaled = gamma === null ? x : tf.mul(x, gamma);
  return beta === null ? scaled : tf.add(scaled, beta);
}

/** Statistics of a per-sample normalization of NHWC x: over [H,W] (instance), [H,W,C] (layer), or channel groups. */
export function perSampleNormalize(
  x: tf.Tensor4D,
  kind: "instance" | "layer" | "group",
  groups: number,
  options: NormOptions,
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (kind === "instance") {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return normalize(x, mean, variance, options) as tf.Tensor4D;
  }
  if (kind === "layer") {
    const { mean, variance } = tf.moments(x, [1, 2, 3], true);
    return normalize(x, mean, variance, options) as tf.Tensor4D;
  }
  if (c % groups !== 0)
    throw new RangeError(`GroupNorm: ${c} channels are not divisible by ${groups} groups.`);
  const grouped = tf.reshape(x, [n, h, w, groups, c / groups]);
  const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
  return tf.reshape(normalize(grouped, mean, variance, options), [n, h, w, c]);
}

/**
 * Per-channel mean of NHWC t over [N,H,W]: the mean over N of a global average pool over [H,W]. On wasm the pool is
 * one XNNPACK kernel, 10x faster than tf.mean over leading axes (which transposes t first; see bench/NOTES.md).
 */
export function meanOverNhw(t: tf.Tensor4D): tf.Tensor1D {
  const [n, h, w, channels] = t.shape;
  return tf.tidy(
    () => tf.mean(tf.reshape(tf.avgPool(t, [h, w], 1, "valid"), [n, channels]), 0) as tf.Tensor1D,
  );
}

/** BatchNorm's running statistics and how fast they follow the batch (PyTorch's `momentum`). */
export interface RunningStatistics {
  mean: tf.Variable;
  variance: tf.Variable;
  momentum: number;
}

/** What a training-mode BatchNorm does besides normalizing. */
export interface BatchNormTrainingOptions {
  /** Apply ReLU to the result (fused with the normalization where the backend has the kernels). */
  relu?: boolean;
  /** Update these with μ and the unbiased variance (what PyTorch feeds its running average). */
  running?: RunningStatistics;
  /** Leave the update of `running` to these, applied with the others at the end of the forward pass. */
  deferTo?: RunningUpdates;
}

/**
 * The running-statistics updates of a forward pass, applied together at its end: on a backend with multi-tensor
 * kernels (webgpu) one axpby over all of them laid end to end, gathered and handed back by buffer copies, instead of
 * two dispatches per BatchNorm. Each layer's (mean, mean, variance) lines up with its stats (μ, r, unbiased σ²);
 * the middle third is computed and dropped. `forFusedKernels()` gives one only where that applies.
 */
export class RunningUpdates {
  private readonly pending: { running: RunningStatistics; stats: tf.Tensor2D }[] = [];

  /** A collector where the backend has the kernels to apply it in one dispatch; else undefined (update at once). */
  static forFusedKernels(): RunningUpdates | undefined {
    return hasMultiTensorKernels() && hasFusedKernel(fusedKernelNames.batchNormForward)
      ? new RunningUpdates()
      : undefined;
  }

  /** Queues running ← (1 − m)·running + m·(μ, unbiased σ²) from `stats` [3, C]; keeps `stats` until then. */
  add(running: RunningStatistics, stats: tf.Tensor2D): void {
    this.pending.push({ running, stats: tf.keep(stats) });
  }

  /** Applies every queued update, grouped by momentum, and frees the statistics. */
  apply(): void {
    const byMomentum = new Map<number, typeof this.pending>();
    for (const update of this.pending) {
      const group = byMomentum.get(update.running.momentum) ?? [];
      group.push(update);
      byMomentum.set(update.running.momentum, group);
    }
    for (const [momentum, group] of byMomentum) {
      const updated = tf.tidy(() => {
        const running = group.flatMap(({ running: r }) => [r.mean, r.mean, r.variance]);
        const stats = flatten(group.map((u) => u.stats));
        const averaged = axpby(1 - momentum, flatten(running), momentum, stats);
        return unflatten(
          averaged,
          running.map((r) => r.shape),
        );
      });
      group.forEach(({ running }, i) => {
        running.mean.assign(updated[3 * i]);
        running.variance.assign(updated[3 * i + 2]);
      });
      tf.dispose(updated);
    }
    this.discard();
  }

  /** Frees the queued statistics without applying them (a forward pass that failed). */
  discard(): void {
    tf.dispose(this.pending.map((u) => u.stats));
    this.pending.length = 0;
  }
}

/**
 * BatchNorm with batch statistics over [N,H,W] per channel, x̂ = (x − μ)·r with r = 1/√max(σ² + ε, floor), then
 * ReLU if asked. Where the backend has explr's fused kernels (webgpu) that is three dispatches each way; elsewhere
 * tfjs's ops with a hand-written backward dx = r·(dy − mean(dy) − x̂·mean(dy·x̂)), far fewer kernels than
 * differentiating tf.moments.
 */
export function batchNormTraining(
  x: tf.Tensor4D,
  options: NormOptions,
  { relu = false, running, deferTo }: BatchNormTrainingOptions = {},
): tf.Tensor4D {
  if (hasFusedKernel(fusedKernelNames.batchNormForward))
    return fusedBatchNormTraining(x, options, relu, running, deferTo);
  const count = x.shape[0] * x.shape[1] * x.shape[2];
  const channelMean = (t: tf.Tensor) => meanOverNhw(t as tf.Tensor4D);
  const forward = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const mean = channelMean(input);
    const centred = tf.sub(input, mean);
    const variance = channelMean(tf.square(centred));
    if (running !== undefined) {
      updateRunning(running.mean, mean, running.momentum);
      updateRunning(
        running.variance,
        count > 1 ? tf.mul(variance, count / (count - 1)) : variance,
        running.momentum,
      );
    }
    const r = tf.rsqrt(tf.maximum(tf.add(variance, options.epsilon), options.minVariance));
    const normalized = tf.mul(centred, r);
    save([normalized, r]);
    return {
      value: normalized,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xHat, rSaved] = saved;
        const centredDy = tf.sub(dy, channelMean(dy));
        return tf.mul(tf.sub(centredDy, tf.mul(xHat, channelMean(tf.mul(dy, xHat)))), rSaved);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const normalized = forward(x) as tf.Tensor4D;
  return relu ? tf.relu(normalized) : normalized;
}

/** running ← (1 − momentum)·running + momentum·value. */
function updateRunning(running: tf.Variable, value: tf.Tensor, momentum: number): void {
  running.assign(tf.add(tf.mul(running, 1 - momentum), tf.mul(value, momentum)));
}

/** `batchNormTraining` on explr's fused kernels: x is kept for the backward, which recomputes x̂ from it. */
function fusedBatchNormTraining(
  x: tf.Tensor4D,
  options: NormOptions,
  relu: boolean,
  running: RunningStatistics | undefined,
  deferTo: RunningUpdates | undefined,
): tf.Tensor4D {
  const forward = tf.customGrad(((input: tf.Tensor4D, save: tf.GradSaveFunc) => {
    const { y, stats } = batchNormForward(input, { ...options, relu });
    if (running !== undefined && deferTo !== undefined) deferTo.add(running, stats);
    else if (running !== undefined) {
      running.mean.assign(runningAverage(running.mean as tf.Tensor1D, stats, 0, running.momentum));
      running.variance.assign(runningAverage(running.variance as tf.Tensor1D, stats, 2, running.momentum));
    }
    save([input, stats]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [saved, savedStats]: tf.Tensor[]) => {
        const dx = batchNormBackward(
          saved as tf.Tensor4D,
          dy as tf.Tensor4D,
          savedStats as tf.Tensor2D,
          relu,
        );
        // A tape computes each gradient once; freeing x now, not after the whole backward, lowers the peak memory.
        saved.dispose();
        return dx;
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return forward(x) as tf.Tensor4D;
}

/**
 * a + b for tensors of one shape (a residual connection), with the gradient dy to both. tfjs's `add` keeps both
 * inputs until the whole backward pass is over, to reduce a broadcast gradient that same-shaped inputs never need.
 */
export const residualAdd = tf.customGrad(((a: tf.Tensor, b: tf.Tensor) => ({
  value: tf.add(a, b),
  gradFunc: (dy: tf.Tensor) => [dy, dy],
})) as unknown as Parameters<typeof tf.customGrad>[0]) as <T extends tf.Tensor>(a: T, b: T) => T;

/**
 * Global average pooling NHWC → [N, C], with the gradient dx = dy/(H·W) made on the device as one broadcasting
 * product of dy [N, 1, 1, C] and a filled [1, H, W, 1] (tfjs's own builds a tensor of ones of x's shape on the CPU
 * and uploads it, every step; a broadcastTo is a Tile, which tfjs-wasm runs element by element).
 */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor2D {
  const [n, h, w, c] = x.shape;
  const pool = tf.customGrad(((input: tf.Tensor4D) => ({
    value: tf.mean(input, [1, 2]),
    gradFunc: (dy: tf.Tensor2D) => tf.mul(tf.reshape(dy, [n, 1, 1, c]), tf.fill([1, h, w, 1], 1 / (h * w))),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return pool(x) as tf.Tensor2D;
}

/** Dense layer x·W + b. */
export function dense(x: tf.Tensor2D, weight: tf.Tensor, bias: tf.Tensor | null): tf.Tensor2D {
  const y = tf.matMul(x, weight as tf.Tensor2D);
  return (bias === null ? y : tf.add(y, bias)) as tf.Tensor2D;
}
