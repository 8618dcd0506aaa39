import type * as tf from "@tensorflow/tfjs-core";

/**
 * The inputs and attributes of the fused BatchNorm kernels (`ExplrBatchNormForward`/`Backward`, fused-ops.ts), read
 * and checked once for every backend that implements them over NHWC x viewed as [positions, channels].
 */

/** x's positions (N·H·W) and channels; x must be NHWC float32 and not empty. */
function positionsAndChannels(x: tf.TensorInfo): { positions: number; channels: number } {
  if (x.shape.length !== 4) throw new RangeError(`BatchNorm kernels take NHWC x; got shape [${x.shape}].`);
  if (x.dtype !== "float32") throw new TypeError(`BatchNorm kernels take float32 x; got ${x.dtype}.`);
  const [n, h, w, c] = x.shape;
  if (n * h * w * c === 0)
    throw new RangeError(`BatchNorm kernels take a non-empty x; got shape [${x.shape}].`);
  return { positions: n * h * w, channels: c };
}

/** The forward kernel's x, its geometry and attributes. */
export function batchNormForwardArgs({ inputs, attrs }: Parameters<tf.KernelFunc>[0]) {
  const { x } = inputs as { x: tf.TensorInfo };
  const { epsilon, minVariance, relu } = attrs as unknown as {
    epsilon: number;
    minVariance: number;
    relu: boolean;
  };
  return { x, ...positionsAndChannels(x), epsilon, minVariance, relu };
}

/** The backward kernel's x, dy and stats (checked against x), its geometry and `relu`. */
export function batchNormBackwardArgs({ inputs, attrs }: Parameters<tf.KernelFunc>[0]) {
  const { x, dy, stats } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo; stats: tf.TensorInfo };
  const { relu } = attrs as unknown as { relu: boolean };
  const geometry = positionsAndChannels(x);
  if (dy.shape.join() !== x.shape.join() || stats.shape.join() !== `3,${geometry.channels}`) {
    throw new RangeError(
      `BatchNorm backward: dy [${dy.shape}] and stats [${stats.shape}] for x [${x.shape}]`,
    );
  }
  return { x, dy, stats, ...geometry, relu };
}
