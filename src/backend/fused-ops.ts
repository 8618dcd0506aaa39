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
  linearProgram: "ExplrLinearProgram",
  flatten: "ExplrFlatten",
  unflatten: "ExplrUnflatten",
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

/**
 * A straight-line elementwise program: registers 0 … inputCount − 1 hold the inputs, step s sets register
 * inputCount + s to a·r[x] + b·r[y], and `outputs` are the registers written out, in order. The optimizer compiles
 * its update rule into one (src/optim/linear-program.ts).
 */
export interface LinearProgram {
  inputCount: number;
  steps: { a: number; x: number; b: number; y: number }[];
  outputs: number[];
}

/** Whether the active backend runs a multi-tensor step: `runLinearProgram`, `flatten` and `unflatten`. */
export function hasMultiTensorKernels(): boolean {
  return (
    hasFusedKernel(fusedKernelNames.linearProgram) &&
    hasFusedKernel(fusedKernelNames.flatten) &&
    hasFusedKernel(fusedKernelNames.unflatten)
  );
}

/** `program` run elementwise over `inputs` (1-D float32, one length n, in its input order): [outputs, n]. */
export function runLinearProgram(program: LinearProgram, inputs: tf.Tensor1D[]): tf.Tensor2D {
  if (inputs.length !== program.inputCount) {
    throw new RangeError(`runLinearProgram: ${inputs.length} inputs for a program of ${program.inputCount}`);
  }
  const n = inputs[0]?.size ?? 0;
  if (inputs.some((x) => x.rank !== 1 || x.size !== n || x.dtype !== "float32")) {
    throw new RangeError(
      `runLinearProgram: inputs of shapes ${inputs.map((x) => `[${x.shape}] ${x.dtype}`).join(", ")}; ` +
        "they must be 1-D float32 of one length",
    );
  }
  return tf.engine().runKernel(
    fusedKernelNames.linearProgram,
    inputs as unknown as tf.NamedTensorMap,
    {
      program,
    } as unknown as tf.NamedAttrMap,
  ) as tf.Tensor2D;
}

/** The elements of `tensors` (float32) one after another, as one 1-D tensor. */
export function flatten(tensors: tf.Tensor[]): tf.Tensor1D {
  if (tensors.length === 0) throw new RangeError("flatten: no tensors to flatten");
  return tf
    .engine()
    .runKernel(fusedKernelNames.flatten, tensors as unknown as tf.NamedTensorMap) as tf.Tensor1D;
}

/** `flat` (float32) cut into tensors of `shapes`, in order; their sizes must add up to its size. */
export function unflatten(flat: tf.Tensor, shapes: readonly (readonly number[])[]): tf.Tensor[] {
  const total = shapes.reduce((sum, shape) => sum + shape.reduce((p, d) => p * d, 1), 0);
  if (total !== flat.size) {
    throw new RangeError(`unflatten: shapes of ${total} elements in all from a tensor of ${flat.size}`);
  }
  return tf.engine().runKernel(fusedKernelNames.unflatten, { flat }, {
    shapes,
  } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor[];
}
