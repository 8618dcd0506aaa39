import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { batchNormForward } from "../../../src/backend/fused-ops.js";
import { read } from "../../../src/backend/read.js";
import { ready } from "../../../src/backend/select.js";
import { countDispatches } from "../../../src/backend/webgpu/dispatch-count.js";
import { filterGradientSplit } from "../../../src/backend/webgpu/kernels/conv-filter-gradient.js";
import { webgpuKernels } from "../../../src/backend/webgpu/kernels/index.js";
import type { ModelConfig } from "../../../src/nn/config.js";
import { buildModel } from "../../../src/nn/model.js";
import { sgdVariables } from "../../../src/optim/tfjs.js";
import { assertBatchNormMatchesCpu } from "../batch-norm-cases.js";
import {
  assertNoLeaks,
  type Case,
  convAndGradients,
  gridCases,
  maxRelativeError,
  values,
} from "../conv-cases.js";
import { assertAxpbyMatchesCpu, assertFlattenRoundTrip, assertLinearProgram } from "../fused-op-cases.js";

// Every kind of convolution the networks use (1x1 and 3x3, stride 1 and 2, 'same' and 'valid'), odd sizes, batch 1,
// and shapes large enough for several tiles of m and o and several chunks of the reduction.
const cases: Case[] = gridCases(2, 7, 6, 3, 4);
cases.push({ n: 1, h: 9, w: 5, c: 2, co: 3, k: 5, stride: 2, pad: "valid" });
cases.push({ n: 2, h: 7, w: 8, c: 3, co: 2, k: 3, stride: 2, pad: 1 });
cases.push({ n: 4, h: 16, w: 16, c: 40, co: 36, k: 3, stride: 1, pad: "same" });
cases.push({ n: 3, h: 17, w: 15, c: 16, co: 33, k: 3, stride: 2, pad: "same" });
cases.push({ n: 5, h: 12, w: 12, c: 24, co: 48, k: 1, stride: 2, pad: "same" });
// At most 16 output channels (the filter gradient's 64 × 16 tiles): several tiles of m, several chunks, stride 2.
cases.push({ n: 4, h: 16, w: 16, c: 16, co: 16, k: 3, stride: 1, pad: "same" });
cases.push({ n: 2, h: 10, w: 9, c: 8, co: 12, k: 3, stride: 2, pad: "same" });

describe("explr's webgpu kernels", () => {
  before(async () => {
    await ready({ backend: "webgpu", log: () => {} });
  });

  it("replace tfjs's own for the webgpu backend", () => {
    for (const [name, kernelFunc] of Object.entries(webgpuKernels)) {
      assert.equal(tf.getKernel(name, "webgpu")?.kernelFunc, kernelFunc, name);
    }
  });

  it("cut long reductions into chunks, and short ones not at all", () => {
    assert.deepEqual(filterGradientSplit(100, 4), { splits: 1, chunk: 256 });
    const { splits, chunk } = filterGradientSplit(128 * 32 * 32, 5);
    assert.ok(splits > 100, `${splits} chunks`);
    assert.equal(chunk % 16, 0);
    assert.ok(splits * chunk >= 128 * 32 * 32 && (splits - 1) * chunk < 128 * 32 * 32);
  });

  for (const cs of cases) {
    const pad = Array.isArray(cs.pad) ? JSON.stringify(cs.pad) : cs.pad;
    it(`match cpu for n=${cs.n} k=${cs.k} stride=${cs.stride} ${pad} ${cs.h}x${cs.w}x${cs.c}→${cs.co}`, async () => {
      await tf.setBackend("cpu");
      const reference = await convAndGradients(cs);
      await tf.setBackend("webgpu");
      const ours = await convAndGradients(cs);
      assert.ok(maxRelativeError(ours.y, reference.y) < 1e-5, "forward");
      assert.ok(maxRelativeError(ours.dx, reference.dx) < 1e-5, "input gradient");
      assert.ok(maxRelativeError(ours.dw, reference.dw) < 1e-5, "filter gradient");
    });
  }

  it("leave channels-first convolutions to tfjs's kernels: their gradients equal the channels-last ones", async () => {
    await tf.setBackend("webgpu");
    const x = tf.tensor4d(values(2 * 8 * 7 * 3, 1), [2, 8, 7, 3]);
    const w = tf.tensor4d(values(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
    const gradients = (format: "NHWC" | "NCHW") => {
      const input = format === "NHWC" ? x : tf.transpose(x, [0, 3, 1, 2]);
      const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, [2, 1], "same", format))),
      )([input, w]);
      return [format === "NHWC" ? dx : tf.transpose(dx, [0, 2, 3, 1]), dw];
    };
    const [channelsLast, channelsFirst] = await Promise.all(
      (["NHWC", "NCHW"] as const).map((format) => valuesOf(() => gradients(format))),
    );
    assert.ok(maxRelativeError(channelsFirst[0], channelsLast[0]) < 1e-5, "input gradient");
    assert.ok(maxRelativeError(channelsFirst[1], channelsLast[1]) < 1e-5, "filter gradient");
    tf.dispose([x, w]);
  });

  it("would catch a wrong filter gradient (the error measure is not vacuous)", async () => {
    await tf.setBackend("webgpu");
    const a = await convAndGradients(cases[4]);
    const b = await convAndGradients({ ...cases[4], pad: "valid" });
    assert.ok(maxRelativeError(a.dw, b.dw) > 1e-2);
  });

  it("leak no tensors or buffers over repeated steps", async () => {
    await tf.setBackend("webgpu");
    await assertNoLeaks(cases[9]);
  });
});

/** Values of a tensor made on the current backend by `make`, read asynchronously. */
async function valuesOf(make: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  const made = tf.tidy(make);
  const list = Array.isArray(made) ? made : [made];
  const values = await Promise.all(list.map((t) => read(t)));
  tf.dispose(list);
  return values;
}

describe("explr's fused webgpu ops", () => {
  before(async () => {
    await ready({ backend: "webgpu", log: () => {} });
  });

  const shapes: [number, number, number, number][] = [
    [2, 5, 3, 3],
    [1, 4, 4, 16],
    [8, 8, 8, 32],
    [2, 3, 3, 300],
    [16, 16, 16, 24],
    [40, 16, 16, 20], // 40 chunks of positions: each of a channel's 16 summing threads takes several
  ];
  for (const shape of shapes) {
    for (const relu of [false, true]) {
      it(`BatchNorm${relu ? "+ReLU" : ""} on [${shape}] matches cpu: value, gradient, running statistics`, () =>
        assertBatchNormMatchesCpu("webgpu", { shape, relu, learnedAffine: false }));
    }
  }

  it("BatchNorm refuses a tensor that is not NHWC", async () => {
    await tf.setBackend("webgpu");
    assert.throws(
      () =>
        batchNormForward(tf.zeros([4, 3]) as unknown as tf.Tensor4D, {
          epsilon: 1e-5,
          minVariance: 0,
          relu: false,
        }),
      /NHWC/,
    );
  });

  it("axpby is a·x + b·y, and is what SGD runs on", () => assertAxpbyMatchesCpu("webgpu"));
  it("flatten and unflatten: a group's tensors into one array and back, by buffer copies", () =>
    assertFlattenRoundTrip("webgpu"));
  it("a linear program runs its steps per element and writes its outputs one after another", () =>
    assertLinearProgram("webgpu"));

  it("update every running statistic of a training forward pass in one dispatch, leaking nothing", async () => {
    await tf.setBackend("webgpu");
    const model = buildModel({
      arch: "smallcnn",
      norm: "batch",
      affine: "fixed",
      output: "fixed",
      bnEpsilon: 1e-5,
    });
    const x = tf.randomNormal([4, 8, 8, 3], 0, 1, "float32", 3) as tf.Tensor4D;
    const dispatchesOf = async (updateStats: boolean) => {
      const counter = countDispatches();
      const logits = model.forward(x, { training: true, updateStats });
      await read(logits);
      counter.stop();
      logits.dispose();
      return counter.count();
    };
    await dispatchesOf(true); // compiles every pipeline
    const before = tf.memory().numTensors;
    const withUpdates = await dispatchesOf(true);
    const without = await dispatchesOf(false);
    assert.equal(withUpdates - without, 1, `${withUpdates} dispatches with the updates, ${without} without`);
    assert.equal(tf.memory().numTensors, before);
    const means = await Promise.all(model.buffers.map((b) => read(b.variable)));
    assert.ok(
      means.some((m) => m.some((v) => v !== 0 && v !== 1)),
      "the running statistics moved",
    );
    model.dispose();
    x.dispose();
  });

  it("train PreResNet-20 like the cpu backend: 5 SGD steps within 1e-4", async () => {
    const config: ModelConfig = {
      arch: "preresnet",
      depth: 20,
      width: 4,
      norm: "batch",
      affine: "fixed",
      output: "fixed",
      bnEpsilon: 1e-5,
    };
    const run = async () => {
      const model = buildModel(config);
      const opt = sgdVariables({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }, model.trainableVariables());
      // Normal noise: a smooth, periodic input makes near-degenerate channels whose BatchNorm amplifies rounding.
      const x = tf.randomNormal([16, 16, 16, 3], 0, 1, "float32", 7) as tf.Tensor4D;
      const labels = tf.tensor1d(
        Array.from({ length: 16 }, (_, i) => i % 10),
        "int32",
      );
      const losses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const loss = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(
            () => model.lossAndAccuracy(x, labels, { training: true }).loss,
            model.trainableVariables(),
          );
          opt.step(grads);
          return value;
        });
        losses.push((await loss.data())[0]);
        loss.dispose();
      }
      const weights = await Promise.all(model.params.map((p) => p.variable.data() as Promise<Float32Array>));
      const buffers = await Promise.all(model.buffers.map((b) => b.variable.data() as Promise<Float32Array>));
      opt.dispose();
      model.dispose();
      tf.dispose([x, labels]);
      return { losses, weights, buffers };
    };
    await tf.setBackend("cpu");
    const cpu = await run();
    await tf.setBackend("webgpu");
    const gpu = await run();
    cpu.losses.forEach((l, i) => {
      assert.ok(Math.abs(l - gpu.losses[i]) < 1e-4 * Math.max(1, l), `step ${i}: ${l} vs ${gpu.losses[i]}`);
    });
    cpu.weights.forEach((w, i) => {
      assert.ok(maxRelativeError(gpu.weights[i], w) < 1e-4, `weight ${i}`);
    });
    cpu.buffers.forEach((b, i) => {
      assert.ok(maxRelativeError(gpu.buffers[i], b) < 1e-4, `buffer ${i}`);
    });
    assert.ok(cpu.losses[4] < cpu.losses[0], "the steps trained");
  });
});
