import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelNames, hasFusedKernel } from "../../../src/backend/fused-ops.js";
import { useNativeKernels } from "../../../src/backend/kernel-overrides.js";
import { loadedAddon } from "../../../src/backend/native/addon.js";
import { ready } from "../../../src/backend/select.js";
import { batchNormTraining } from "../../../src/nn/layers.js";
import { assertBatchNormMatchesCpu, type BatchNormCase } from "../batch-norm-cases.js";
import { nativeSkip } from "./skip.js";

/**
 * The native BatchNorm kernels of wasm against the `cpu` backend: the networks' shapes (at batch 8 and 1), odd
 * sizes, positions fewer than threads, with and without ReLU, fixed and learned affine. Skipped where the addon
 * is not built, required under EXPLR_REQUIRE_NATIVE=1.
 */
const skip = nativeSkip();

const shapes: [number, number, number, number][] = [
  [8, 32, 32, 16],
  [8, 16, 16, 32],
  [8, 8, 8, 64],
  [1, 32, 32, 16],
  [3, 5, 7, 11],
  [2, 3, 3, 300],
  [1, 2, 2, 3],
];
const cases: BatchNormCase[] = shapes.flatMap((shape) =>
  [false, true].flatMap((relu) => [false, true].map((learnedAffine) => ({ shape, relu, learnedAffine }))),
);

describe("native BatchNorm on wasm", { skip }, () => {
  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
    assert.ok(useNativeKernels(true, 2).on, "the native kernels are on");
  });

  it("replace tfjs's small ops on wasm", async () => {
    await tf.setBackend("wasm");
    assert.ok(hasFusedKernel(fusedKernelNames.batchNormForward));
    assert.ok(hasFusedKernel(fusedKernelNames.batchNormBackward));
  });

  for (const cs of cases) {
    const name = `${cs.relu ? "+ReLU" : ""}${cs.learnedAffine ? " learned affine" : ""}`;
    it(`BatchNorm${name} on [${cs.shape}] matches cpu: value, gradients, running statistics`, () =>
      assertBatchNormMatchesCpu("wasm", cs));
  }

  it("gives one thread's results on two threads, to float32 rounding", async () => {
    await tf.setBackend("wasm");
    const run = (threads: number) => {
      useNativeKernels(true, threads);
      return tf.tidy(() => {
        const x = tf.randomNormal([16, 16, 16, 32], 2, 3, "float32", 7) as tf.Tensor4D;
        const layer = (t: tf.Tensor) =>
          batchNormTraining(t as tf.Tensor4D, { epsilon: 1e-5, minVariance: 1e-30 }, { relu: true });
        return tf
          .grad((t: tf.Tensor) => tf.sum(tf.square(layer(t))))(x)
          .dataSync();
      });
    };
    const [one, two] = [run(1), run(2)];
    useNativeKernels(true, 2);
    for (let i = 0; i < one.length; i++) assert.ok(Math.abs(one[i] - two[i]) < 1e-5, `${one[i]} ${two[i]}`);
  });

  it("refuse arrays of the wrong length", () => {
    const addon = loadedAddon();
    const x = new Float32Array(12);
    assert.throws(
      () => addon.batchNormForward(x, new Float32Array(11), new Float32Array(9), 3, 1e-5, 0, false),
      /must be Float32Arrays/,
    );
    assert.throws(
      () => addon.batchNormForward(x, new Float32Array(12), new Float32Array(9), 5, 1e-5, 0, false),
      /C must divide x/,
    );
    assert.throws(
      () => addon.batchNormBackward(x, x, new Float32Array(8), new Float32Array(12), 3, false),
      /must be Float32Arrays/,
    );
  });
});
