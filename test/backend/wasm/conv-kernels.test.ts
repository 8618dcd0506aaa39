import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { replaceKernels } from "../../../src/backend/kernel-registry.js";
import { registerGradients } from "../../../src/backend/select.js";
import { convGradientKernels } from "../../../src/backend/wasm/conv-kernels.js";
import { assertNoLeaks, type Case, convAndGradients, gridCases, maxRelativeError } from "../conv-cases.js";

const cases: Case[] = gridCases(2, 7, 6, 3, 4);
cases.push({ n: 3, h: 8, w: 8, c: 5, co: 2, k: 3, stride: 2, pad: "same" });
cases.push({ n: 1, h: 9, w: 5, c: 2, co: 3, k: 5, stride: 2, pad: "valid" });
cases.push({ n: 2, h: 5, w: 5, c: 4, co: 6, k: 4, stride: 1, pad: "same" });
cases.push({ n: 2, h: 7, w: 8, c: 3, co: 2, k: 3, stride: 2, pad: 1 });
cases.push({ n: 1, h: 6, w: 6, c: 2, co: 2, k: 3, stride: 1, pad: 2 });

describe("wasm conv gradient kernels", () => {
  before(async () => {
    await registerGradients();
    replaceKernels("wasm", convGradientKernels);
    await tf.setBackend("wasm");
  });

  for (const cs of cases) {
    it(`match cpu for k=${cs.k} stride=${cs.stride} ${cs.pad} ${cs.h}x${cs.w}x${cs.c}→${cs.co}`, async () => {
      await tf.setBackend("cpu");
      const reference = await convAndGradients(cs);
      await tf.setBackend("wasm");
      const ours = await convAndGradients(cs);
      assert.ok(maxRelativeError(ours.dw, reference.dw) < 2e-5, "filter gradient");
      assert.ok(maxRelativeError(ours.dx, reference.dx) < 2e-5, "input gradient");
    });
  }

  it("would catch a wrong gradient (the error measure is not vacuous)", async () => {
    await tf.setBackend("wasm");
    const a = await convAndGradients(cases[2]);
    const b = await convAndGradients({ ...cases[2], stride: 1 });
    assert.notEqual(a.dw.length, 0);
    assert.ok(maxRelativeError(a.dw, b.dw) > 1e-2);
  });

  it("leak no tensors or buffers over repeated steps", async () => {
    await tf.setBackend("wasm");
    await assertNoLeaks(cases[3]);
  });

  it("reject channels-first data", async () => {
    await tf.setBackend("wasm");
    const dy = tf.zeros([1, 2, 2, 1]);
    assert.throws(
      () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x: dy, dy }, {
          strides: 1,
          pad: "valid",
          dataFormat: "NCHW",
          filterShape: [1, 1, 2, 1],
        } as unknown as tf.NamedAttrMap),
      /NHWC/,
    );
    dy.dispose();
  });
});
