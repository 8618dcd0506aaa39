import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { replacedKernel, replaceKernels, restoreKernels } from "../../src/backend/kernel-registry.js";

const backendName = "explr-registry-test";
const original: tf.KernelFunc = () => ({ dataId: {}, shape: [], dtype: "float32" });
const setupFunc = () => {};

describe("the kernel registry", () => {
  it("layers kernels, keeps each one's fallback and setup, and puts them back", () => {
    tf.registerKernel({ kernelName: "ExplrTestA", backendName, kernelFunc: original, setupFunc });
    const first: tf.KernelFunc = (args) => original(args);
    const second: tf.KernelFunc = (args) => first(args);
    replaceKernels(backendName, { ExplrTestA: first, ExplrTestB: first });
    replaceKernels(backendName, { ExplrTestA: second });
    replaceKernels(backendName, { ExplrTestA: second });
    assert.equal(tf.getKernel("ExplrTestA", backendName)?.kernelFunc, second);
    assert.equal(tf.getKernel("ExplrTestA", backendName)?.setupFunc, setupFunc);
    assert.equal(replacedKernel(backendName, "ExplrTestA", second), first, "idempotent: the fallback stays");
    assert.equal(replacedKernel(backendName, "ExplrTestA", first), original);
    assert.throws(() => replacedKernel(backendName, "ExplrTestB", first), /replaced none/);

    restoreKernels(backendName, { ExplrTestA: second });
    assert.equal(tf.getKernel("ExplrTestA", backendName)?.kernelFunc, first);
    restoreKernels(backendName, { ExplrTestA: first, ExplrTestB: first });
    assert.equal(tf.getKernel("ExplrTestA", backendName)?.kernelFunc, original);
    assert.equal(tf.getKernel("ExplrTestB", backendName), undefined);
    tf.unregisterKernel("ExplrTestA", backendName);
  });
});
