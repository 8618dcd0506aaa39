import * as tf from "@tensorflow/tfjs-core";

/**
 * Ops that explr runs as one kernel where the active backend has one (webgpu: src/backend/webgpu/), and as tfjs's
 * small ops elsewhere. Callers use the `has*` checks to pick a path; results agree within float32 rounding.
 */
export const fusedKernelNames = {
  axpby: "ExplrAxpby",
  batchNormForward: "ExplrBatchNormForward",
  batchNormBackward: "ExplrBatchNormBackward",
  runningAverage: "ExplrRunningAverage",
} as const;

/** Whether the active backend has explr's kernel `name`. */
export function hasFusedKernel(name: (typeof fusedKernelNames)[keyof typeof fusedKernelNames]): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}

/** a·x + b·y for x and y of one shape: one dispatch where the backend has the kernel (float32 tensors). */
export function axpby(a: number, x: tf.Tensor, b: number, y: tf.Tensor): tf.Tensor {
  if (
    x.rank > 0 &&
    x.dtype === "float32" &&
    y.dtype === "float32" &&
    hasFusedKernel(fusedKernelNames.axpby)
  ) {
    return tf.engine().runKernel(fusedKernelNames.axpby, { x, y }, { a, b }) as tf.Tensor;
  }
  return tf.tidy(() => tf.add(tf.mul(x, a), tf.mul(y, b)));
}

/**
 * BatchNorm (training mode, batch statistics) of NHWC x, then ReLU if asked: y, and `stats` [3, C] = (μ, r, the
 * unbiased variance), r = 1/√max(σ² + ε, minVariance). Needs `hasFusedKernel(batchNormForward)`.
 */
export function batchNormForward(
  x: tf.Tensor4D,
  attrs: { epsilon: number; minVariance: number; relu: boolean },
): { y: tf.Tensor4D; stats: tf.Tensor2D } {
  const [y, stats] = tf.engine().runKernel(fusedKernelNames.batchNormForward, { x }, attrs) as tf.Tensor[];
  return { y: y as tf.Tensor4D, stats: stats as tf.Tensor2D };
}

/** dx of `batchNormForward` from x, dy and its `stats`. */
export function batchNormBackward(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  stats: tf.Tensor2D,
  relu: boolean,
): tf.Tensor4D {
  return tf.engine().runKernel(fusedKernelNames.batchNormBackward, { x, dy, stats }, { relu }) as tf.Tensor4D;
}

/** (1 − momentum)·running + momentum·stats[row], the running-statistics update of BatchNorm. */
export function runningAverage(
  running: tf.Tensor1D,
  stats: tf.Tensor2D,
  row: number,
  momentum: number,
): tf.Tensor1D {
  return tf
    .engine()
    .runKernel(fusedKernelNames.runningAverage, { running, stats }, { row, momentum }) as tf.Tensor1D;
}
