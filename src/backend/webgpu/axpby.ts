import type * as tf from "@tensorflow/tfjs-core";
import { type WebgpuBackend, workgroupsFor } from "./program.js";

/**
 * `ExplrAxpby`: inputs { x, y } of one shape, attrs { a, b } → a·x + b·y in one dispatch, the coefficients as
 * uniforms. tfjs's `add(mul(x, a), mul(y, b))` is three dispatches and two scalar uploads; the SGD update rule is
 * nothing but axpby, three per parameter and step.
 */
export const axpbyWebgpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, y } = inputs as { x: tf.TensorInfo; y: tf.TensorInfo };
  const { a, b } = attrs as unknown as { a: number; b: number };
  const size = x.shape.reduce((p, d) => p * d, 1);
  return (backend as WebgpuBackend).runWebGPUProgram(
    {
      variableNames: ["x", "y"],
      outputShape: x.shape,
      shaderKey: "explrAxpby",
      dispatchLayout: { x: x.shape.map((_, i) => i) },
      dispatch: [workgroupsFor(size, 256), 1, 1],
      workgroupSize: [256, 1, 1],
      size: true,
      uniforms: "a : f32, b : f32,",
      getUserCode: () => `
        fn main(index : i32) {
          if (index < uniforms.size) {
            // f32(): a float32 tensor made by casting int32 keeps its int32 buffer in tfjs's webgpu backend.
            result[index] = uniforms.a * f32(x[index]) + uniforms.b * f32(y[index]);
          }
        }
      `,
    },
    [x, y],
    "float32",
    [
      { type: "float32", data: [a] },
      { type: "float32", data: [b] },
    ],
  );
};
