import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { read } from "../../../src/backend/read.js";
import { ready } from "../../../src/backend/select.js";
import { sumOverFirstAxisProgram, type WebgpuBackend } from "../../../src/backend/webgpu/program.js";

/** `partial` [S, ...shape] summed over S by the webgpu program, and in float64 here. */
async function sums(splits: number, shape: number[]): Promise<{ ours: Float32Array; exact: number[] }> {
  const size = shape.reduce((p, d) => p * d, 1);
  const values = Float32Array.from({ length: splits * size }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 5)));
  const exact = Array.from({ length: size }, (_, o) => {
    let sum = 0;
    for (let s = 0; s < splits; s++) sum += values[s * size + o];
    return sum;
  });
  const partial = tf.tensor(values, [splits, ...shape]);
  const backend = tf.backend() as WebgpuBackend;
  const info = backend.runWebGPUProgram(sumOverFirstAxisProgram(shape), [partial], "float32");
  const result = tf.engine().makeTensorFromTensorInfo(info);
  const ours = await read(result);
  tf.dispose([partial, result]);
  return { ours, exact };
}

describe("sumOverFirstAxisProgram on the webgpu backend", () => {
  before(async () => {
    await ready({ backend: "webgpu", log: () => {} });
  });

  // One row and one output; fewer rows than threads share an output; outputs not a multiple of a workgroup's;
  // the shapes BatchNorm ([2, C]) and the filter gradient ([kh·kw·c, co]) sum.
  const cases: [number, number[]][] = [
    [1, [1]],
    [7, [5]],
    [16, [16]],
    [300, [2, 16]],
    [512, [2, 64]],
    [204, [144, 16]],
    [3, [2, 3, 4]],
    [1000, [17]],
  ];
  for (const [splits, shape] of cases) {
    it(`sums [${splits}, ${shape}] over its first axis`, async () => {
      const { ours, exact } = await sums(splits, shape);
      assert.equal(ours.length, exact.length);
      const scale = Math.max(1, ...exact.map(Math.abs));
      const worst = Math.max(...exact.map((v, i) => Math.abs(v - ours[i])));
      assert.ok(worst / scale < 1e-5, `largest error ${worst} against values up to ${scale}`);
    });
  }
});
