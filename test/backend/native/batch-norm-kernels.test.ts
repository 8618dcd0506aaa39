import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { batchNormBackward, batchNormForward, fusedKernelNames } from "../../../src/backend/fused-ops.js";
import { useNativeKernels } from "../../../src/backend/kernel-overrides.js";
import { loadedAddon } from "../../../src/backend/native/addon.js";
import { nativeBatchNormKernels } from "../../../src/backend/native/batch-norm-kernels.js";
import { ready } from "../../../src/backend/select.js";
import { wasmBatchNormKernels } from "../../../src/backend/wasm/batch-norm-kernels.js";
import { batchNormTraining } from "../../../src/nn/layers.js";
import { assertBatchNormMatchesCpu, batchNormCaseName, batchNormCases } from "../batch-norm-cases.js";
import { maxRelativeError } from "../conv-cases.js";
import { nativeSkip } from "./skip.js";

/**
 * The native BatchNorm kernels of wasm against the `cpu` backend on the shared cases (batch-norm-cases.ts): the
 * networks' shapes (at batch 8 and 1), odd sizes, positions fewer than threads, with and without ReLU, fixed and
 * learned affine. Skipped where the addon is not built, required under EXPLR_REQUIRE_NATIVE=1.
 */
const skip = nativeSkip();

describe("native BatchNorm on wasm", { skip }, () => {
  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
    assert.ok(useNativeKernels(true, 2).on, "the native kernels are on");
  });

  it("replace the WebAssembly SIMD kernels on wasm, which come back with the addon turned off", async () => {
    await tf.setBackend("wasm");
    const registered = (name: string) => tf.getKernel(name, "wasm")?.kernelFunc;
    for (const name of [fusedKernelNames.batchNormForward, fusedKernelNames.batchNormBackward]) {
      assert.equal(registered(name), nativeBatchNormKernels[name], name);
      useNativeKernels(false);
      assert.equal(registered(name), wasmBatchNormKernels[name], name);
      useNativeKernels(true, 2);
    }
  });

  for (const cs of batchNormCases) {
    it(`${batchNormCaseName(cs)} matches cpu: value, gradients, running statistics`, () =>
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

  it("give the WebAssembly SIMD kernels' results on one thread, to float32 rounding (the same sums)", async () => {
    await tf.setBackend("wasm");
    for (const shape of [
      [8, 32, 32, 16],
      [3, 5, 7, 11],
      [2, 3, 3, 300],
    ] as [number, number, number, number][]) {
      for (const relu of [false, true]) {
        const run = () =>
          tf.tidy(() => {
            const x = tf.randomNormal(shape, 2, 3, "float32", 7) as tf.Tensor4D;
            const dy = tf.randomNormal(shape, 0, 1, "float32", 8) as tf.Tensor4D;
            const { y, stats } = batchNormForward(x, { epsilon: 1e-5, minVariance: 1e-30, relu });
            return [y, stats, batchNormBackward(x, dy, stats, relu)].map((t) => t.dataSync() as Float32Array);
          });
        useNativeKernels(true, 1);
        const native = run();
        useNativeKernels(false);
        const simd = run();
        useNativeKernels(true, 2);
        ["y", "stats", "dx"].forEach((name, i) => {
          const error = maxRelativeError(native[i], simd[i]);
          assert.ok(error < 2e-6, `[${shape}]${relu ? " ReLU" : ""} ${name}: ${error}`);
        });
      }
    }
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
