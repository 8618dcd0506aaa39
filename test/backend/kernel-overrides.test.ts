import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { kernelOverrides } from "../../src/backend/kernel-overrides.js";
import { loadNativeAddon } from "../../src/backend/native/addon.js";
import { ready } from "../../src/backend/select.js";

describe("kernelOverrides", () => {
  it("gives the cpu and tensorflow backends none: cpu is the reference", () => {
    assert.deepEqual(kernelOverrides("cpu", true), []);
    assert.deepEqual(kernelOverrides("tensorflow", true), []);
  });

  it("adds the native layer on wasm only where the addon runs", () => {
    const names = (native: boolean) => kernelOverrides("wasm", native).map((layer) => layer.name);
    assert.deepEqual(names(false), names(true).slice(0, -1));
    assert.equal(names(true).at(-1), "native convolutions and BatchNorm");
  });

  it("gives wasm BatchNorm in WebAssembly SIMD below the native layer, which replaces it", () => {
    assert.equal(kernelOverrides("wasm", false).at(-1)?.name, "wasm BatchNorm (SIMD)");
    assert.equal(kernelOverrides("wasm", true).at(-2)?.name, "wasm BatchNorm (SIMD)");
  });

  it("is what ready() installs on wasm: each kernel from the last layer that has it", async () => {
    await ready({ backend: "wasm", log: () => {} });
    const native = !("reason" in loadNativeAddon());
    const expected = new Map<string, tf.KernelFunc>();
    for (const layer of kernelOverrides("wasm", native)) {
      for (const [name, kernelFunc] of Object.entries(layer.kernels)) expected.set(name, kernelFunc);
    }
    assert.ok(expected.size > 0);
    for (const [name, kernelFunc] of expected) {
      assert.equal(tf.getKernel(name, "wasm")?.kernelFunc, kernelFunc, name);
    }
  });
});
