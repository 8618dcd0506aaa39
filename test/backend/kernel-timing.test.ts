import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { timeKernels } from "../../src/backend/kernel-timing.js";
import { ready } from "../../src/backend/select.js";

describe("timeKernels", () => {
  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
  });

  it("counts every kernel call, and a nested kernel's time once", () => {
    const timer = timeKernels("wasm");
    try {
      const x = tf.ones([64, 8, 8, 4]) as tf.Tensor4D;
      const w = tf.ones([3, 3, 4, 4]) as tf.Tensor4D;
      const dy = tf.ones([64, 8, 8, 4]) as tf.Tensor4D;
      timer.reset();
      const start = performance.now();
      // explr's filter-gradient kernel runs Transpose, Pad, Conv2D... itself: those must not be counted twice.
      const dw = tf.grad((filter) => tf.conv2d(x, filter as tf.Tensor4D, 1, "same"))(w, dy);
      const elapsed = performance.now() - start;
      const report = timer.report();
      const byName = new Map(report.map((k) => [k.name, k]));
      assert.equal(byName.get("Conv2DBackpropFilter")?.calls, 1);
      assert.ok((byName.get("Conv2D")?.calls ?? 0) >= 1, "the inner convolution is timed as Conv2D");
      const total = report.reduce((s, k) => s + k.selfMs, 0);
      assert.ok(total <= elapsed + 0.5, `self times ${total} ms must fit in the ${elapsed} ms the call took`);
      assert.deepEqual(
        report.map((k) => k.selfMs),
        [...report.map((k) => k.selfMs)].sort((a, b) => b - a),
      );
      tf.dispose([x, w, dy, dw]);
    } finally {
      timer.stop();
    }
  });

  it("puts the original kernels back", () => {
    const original = tf.getKernel("Add", "wasm")?.kernelFunc;
    const timer = timeKernels("wasm");
    assert.notEqual(tf.getKernel("Add", "wasm")?.kernelFunc, original);
    timer.stop();
    assert.equal(tf.getKernel("Add", "wasm")?.kernelFunc, original);
  });

  it("refuses a backend without kernels", () => {
    assert.throws(() => timeKernels("no-such-backend"), /has no kernels registered/);
  });
});
