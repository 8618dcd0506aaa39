import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { installKernelOverrides, useNativeKernels } from "../../../src/backend/kernel-overrides.js";
import { loadNativeAddon, type NativeAddon } from "../../../src/backend/native/addon.js";
import { registerGradients } from "../../../src/backend/select.js";
import type { ModelConfig } from "../../../src/nn/config.js";
import { buildModel } from "../../../src/nn/model.js";
import { sgdVariables } from "../../../src/optim/tfjs.js";
import { batch } from "../../nn/helpers.js";
import {
  assertNoLeaks,
  type Case,
  convAndGradients,
  gridCases,
  maxRelativeError,
  values,
} from "../conv-cases.js";
import { nativeInstall, nativeSkip } from "./skip.js";

/**
 * The oneDNN kernels against the `cpu` backend (every path: forward, input and filter gradients) and against the
 * plain wasm kernels (training curves). Skipped, with the reason, where the addon is not built; required (a
 * failure) under EXPLR_REQUIRE_NATIVE=1, which CI sets.
 */
const skip = nativeSkip();

/** Counts the addon's calls by kind (0 forward, 1 input gradient, 2 filter gradient) while `f` runs. */
async function countCalls<T>(
  addon: NativeAddon,
  f: () => T | Promise<T>,
): Promise<{ result: T; calls: number[] }> {
  const calls = [0, 0, 0];
  const conv = addon.conv;
  addon.conv = (kind, ...rest) => {
    calls[kind]++;
    conv.call(addon, kind, ...rest);
  };
  try {
    return { result: await f(), calls };
  } finally {
    addon.conv = conv;
  }
}

// PreResNet-20's kinds of convolution (3x3 and 1x1, stride 1 and 2, 'same'), and the other paddings tfjs passes.
const cases: Case[] = gridCases(2, 8, 7, 3, 5);
cases.push({ n: 3, h: 8, w: 8, c: 16, co: 32, k: 3, stride: 2, pad: "same" });
cases.push({ n: 2, h: 8, w: 8, c: 16, co: 32, k: 1, stride: 2, pad: "same" });
// Channels of several blocks each way: the activations are converted by copying whole channel blocks.
cases.push({ n: 2, h: 6, w: 5, c: 32, co: 48, k: 3, stride: 1, pad: "same" });
cases.push({ n: 1, h: 4, w: 4, c: 64, co: 16, k: 3, stride: 2, pad: "same" });
cases.push({ n: 1, h: 9, w: 5, c: 2, co: 3, k: 5, stride: 2, pad: "valid" });
cases.push({ n: 2, h: 5, w: 5, c: 4, co: 6, k: 4, stride: 1, pad: "same" });
cases.push({ n: 2, h: 7, w: 8, c: 3, co: 2, k: 3, stride: 2, pad: 1 });
cases.push({
  n: 1,
  h: 6,
  w: 7,
  c: 2,
  co: 2,
  k: 3,
  stride: 1,
  pad: [
    [0, 0],
    [2, 0],
    [1, 2],
    [0, 0],
  ],
});

describe("oneDNN convolutions on wasm", { skip }, () => {
  let addon: NativeAddon;

  before(async () => {
    const load = loadNativeAddon();
    if ("reason" in load) {
      assert.fail(
        `native convolutions unavailable (${load.reason}) but EXPLR_REQUIRE_NATIVE=1 requires them; ` +
          `install them: ${nativeInstall}`,
      );
    }
    addon = load.addon;
    await registerGradients();
    const { native: status } = installKernelOverrides("wasm", { nativeThreads: 2 });
    assert.ok(status !== undefined);
    assert.ok(status.on, "registered");
    assert.match(
      status.description,
      /^oneDNN \d+\.\d+\.\d+ convolutions and native BatchNorm \(.+, 2 threads\)$/,
    );
    await tf.setBackend("wasm");
  });

  for (const cs of cases) {
    const pad = Array.isArray(cs.pad) ? JSON.stringify(cs.pad) : cs.pad;
    it(`match cpu for k=${cs.k} stride=${cs.stride} ${pad} ${cs.h}x${cs.w}x${cs.c}→${cs.co}`, async () => {
      await tf.setBackend("cpu");
      const reference = await convAndGradients(cs);
      await tf.setBackend("wasm");
      const { result: ours, calls } = await countCalls(addon, () => convAndGradients(cs));
      // The forward conv runs twice (y, and inside the gradient); each gradient kernel once.
      assert.deepEqual(calls, [2, 1, 1], "every path ran natively");
      assert.ok(maxRelativeError(ours.y, reference.y) < 2e-5, "forward");
      assert.ok(maxRelativeError(ours.dx, reference.dx) < 2e-5, "input gradient");
      assert.ok(maxRelativeError(ours.dw, reference.dw) < 2e-5, "filter gradient");
    });
  }

  it("convert a dy once for both gradients, and never reuse the copy for another dy", async () => {
    // 32 channels of dy: converted by copying channel blocks, the copy the second gradient kernel reuses. The
    // sequence mixes dys of one shape, and a dy made where a freed one was (the same place in the heap).
    const [n, h, w, c, co] = [3, 6, 5, 16, 32];
    const conv = { strides: 1, pad: "same", dataFormat: "NHWC" } as const;
    const inputGradient = (dy: tf.Tensor, filter: tf.Tensor) =>
      tf
        .engine()
        .runKernel(
          tf.Conv2DBackpropInput,
          { dy, filter },
          { ...conv, inputShape: [n, h, w, c] },
        ) as tf.Tensor;
    const filterGradient = (x: tf.Tensor, dy: tf.Tensor) =>
      tf
        .engine()
        .runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...conv, filterShape: [3, 3, c, co] }) as tf.Tensor;
    const run = () => {
      const x = tf.tensor4d(values(n * h * w * c, 1), [n, h, w, c]);
      const filter = tf.tensor4d(values(9 * c * co, 2), [3, 3, c, co]);
      const dy = (seed: number) => tf.tensor4d(values(n * h * w * co, seed), [n, h, w, co]);
      const out: Float32Array[] = [];
      const keep = (t: tf.Tensor) => {
        out.push(t.dataSync() as Float32Array);
        t.dispose();
      };
      const [dy1, dy2] = [dy(3), dy(4)];
      keep(inputGradient(dy1, filter));
      keep(filterGradient(x, dy1));
      keep(filterGradient(x, dy2));
      keep(inputGradient(dy1, filter));
      keep(inputGradient(dy2, filter));
      dy1.dispose();
      const dy3 = dy(5);
      keep(filterGradient(x, dy3));
      keep(inputGradient(dy3, filter));
      tf.dispose([x, filter, dy2, dy3]);
      return out;
    };
    await tf.setBackend("cpu");
    const reference = run();
    await tf.setBackend("wasm");
    const { result: ours, calls } = await countCalls(addon, run);
    assert.deepEqual(calls, [0, 4, 3], "every gradient ran natively");
    ours.forEach((result, i) => {
      assert.ok(maxRelativeError(result, reference[i]) < 2e-5, `result ${i}`);
    });
  });

  it("hand dilated convolutions to the wasm kernels, with the same result", async () => {
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(values(2 * 9 * 9 * 3, 1), [2, 9, 9, 3]);
        const w = tf.tensor4d(values(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
        return tf.conv2d(x, w, 1, "same", "NHWC", 2).dataSync() as Float32Array;
      });
    await tf.setBackend("cpu");
    const reference = run();
    await tf.setBackend("wasm");
    const { result, calls } = await countCalls(addon, run);
    assert.deepEqual(calls, [0, 0, 0]);
    assert.ok(maxRelativeError(result, reference) < 2e-5);
  });

  it("train a small BN CNN like the plain wasm kernels (5 SGD steps)", async () => {
    await tf.setBackend("wasm");
    const config: ModelConfig = {
      arch: "smallcnn",
      norm: "batch",
      affine: "learnable",
      output: "learnable",
      bnEpsilon: 1e-5,
      width: 8,
    };
    const curve = () => {
      const model = buildModel(config);
      const opt = sgdVariables({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }, model.trainableVariables());
      const { x, labels } = batch(16);
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const { value, grads } = tf.variableGrads(
          () => model.lossAndAccuracy(x, labels, { training: true }).loss,
          model.trainableVariables(),
        );
        opt.step(grads);
        losses.push(value.dataSync()[0]);
        tf.dispose([value, grads]);
      }
      const weights = model.trainableVariables().map((v) => v.dataSync() as Float32Array);
      opt.dispose();
      model.dispose();
      tf.dispose([x, labels]);
      return { losses, weights };
    };
    const { result: native, calls } = await countCalls(addon, curve);
    assert.ok(
      calls.every((c) => c > 0),
      `native kernels ran: ${calls}`,
    );
    useNativeKernels(false);
    try {
      const { result: plain, calls: plainCalls } = await countCalls(addon, curve);
      assert.deepEqual(plainCalls, [0, 0, 0], "the plain path ran without the addon");
      native.losses.forEach((l, i) => {
        assert.ok(
          Math.abs(l - plain.losses[i]) < 1e-4 * Math.max(1, Math.abs(l)),
          `step ${i}: ${l} vs ${plain.losses[i]}`,
        );
      });
      native.weights.forEach((w, i) => {
        assert.ok(maxRelativeError(w, plain.weights[i]) < 1e-4, `weights ${i}`);
      });
    } finally {
      useNativeKernels(true, 2);
    }
  });

  it("leak no tensors or buffers over repeated steps", async () => {
    await tf.setBackend("wasm");
    await assertNoLeaks(cases[4]);
  });

  it("refuse operands outside the heap, and a shared heap", () => {
    const geometry = Int32Array.of(1, 2, 2, 1, 1, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0);
    assert.throws(() => addon.conv(0, new ArrayBuffer(16), [0, 0, 8], geometry, 0), /outside the heap/);
    assert.throws(
      () => addon.conv(0, new SharedArrayBuffer(64), [0, 0, 0], geometry, 0),
      /must be an ArrayBuffer/,
    );
  });
});

describe("EXPLR_NATIVE=0", () => {
  it("turns the native convolutions off with a reason", () => {
    const saved = process.env.EXPLR_NATIVE;
    process.env.EXPLR_NATIVE = "0";
    try {
      assert.deepEqual(useNativeKernels(true), { on: false, reason: "turned off by EXPLR_NATIVE=0" });
    } finally {
      if (saved === undefined) delete process.env.EXPLR_NATIVE;
      else process.env.EXPLR_NATIVE = saved;
    }
  });
});
