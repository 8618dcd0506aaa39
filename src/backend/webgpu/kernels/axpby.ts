import type * as tf from "@tensorflow/tfjs-core";
import { elementwiseProgram, type WebgpuBackend } from "../program.js";

/**
 * `ExplrAxpby`: inputs { x, y } of one shape, attrs { a, b } → a·x + b·y in one dispatch, the coefficients as
 * uniforms. tfjs's `add(mul(x, a), mul(y, b))` is three dispatches and two scalar uploads. The optimizer's step
 * runs as a compiled program instead (linear-program.ts); this kernel serves single axpby: the gradients of global
 * average pooling and of the loss, and `tfjsOps.axpby`.
 */
export const axpbyWebgpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, y } = inputs as { x: tf.TensorInfo; y: tf.TensorInfo };
  const { a, b } = attrs as unknown as { a: number; b: number };
  return (backend as WebgpuBackend).runWebGPUProgram(
    elementwiseProgram(
      "explrAxpby",
      ["x", "y"],
      x.shape,
      // f32(): a float32 tensor made by casting int32 keeps its int32 buffer in tfjs's webgpu backend.
      "result[index] = uniforms.a * f32(x[index]) + uniforms.b * f32(y[index]);",
      "a : f32, b : f32,",
    ),
    [x, y],
    "float32",
    [
      { type: "float32", data: [a] },
      { type: "float32", data: [b] },
    ],
  );
};
