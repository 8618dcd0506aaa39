import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelNames, hasMultiTensorKernels, runningAverage } from "../../../src/backend/fused-ops.js";
import { ready } from "../../../src/backend/select.js";
import { wasmFusedKernels } from "../../../src/backend/wasm/fused-kernels.js";
import { assertAxpbyMatchesCpu, assertFlattenRoundTrip, assertLinearProgram } from "../fused-op-cases.js";

describe("explr's fused wasm ops", () => {
  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
  });

  it("are installed on wasm, and give it the multi-tensor step", async () => {
    await tf.setBackend("wasm");
    for (const [name, kernelFunc] of Object.entries(wasmFusedKernels)) {
      assert.equal(tf.getKernel(name, "wasm")?.kernelFunc, kernelFunc, name);
    }
    assert.ok(hasMultiTensorKernels());
  });

  it("axpby is a·x + b·y, and is what SGD runs on", () => assertAxpbyMatchesCpu("wasm"));
  it("flatten and unflatten: a group's tensors into one array and back", () =>
    assertFlattenRoundTrip("wasm"));
  it("a linear program runs its steps per element and writes its outputs one after another", () =>
    assertLinearProgram("wasm"));

  it("the running average takes row `row` of the statistics", async () => {
    await tf.setBackend("wasm");
    const running = tf.tensor1d([1, 2, 3]);
    const stats = tf.tensor2d([10, 20, 30, 0, 0, 0, 100, 200, 300], [3, 3]);
    const mean = runningAverage(running, stats, 0, 0.1);
    const variance = runningAverage(running, stats, 2, 0.25);
    const close = (got: Float32Array, expected: number[]) => {
      for (const [i, e] of expected.entries()) assert.ok(Math.abs(got[i] - e) < 1e-5, `${got[i]} vs ${e}`);
    };
    close(mean.dataSync() as Float32Array, [1.9, 3.8, 5.7]);
    close(variance.dataSync() as Float32Array, [25.75, 51.5, 77.25]);
    assert.ok(tf.getKernel(fusedKernelNames.runningAverage, "wasm") !== undefined);
    tf.dispose([running, stats, mean, variance]);
  });
});
