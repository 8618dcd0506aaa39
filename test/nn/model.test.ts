import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { registerGradients } from "../../src/backend/select.js";
import type { ModelConfig } from "../../src/nn/config.js";
import { buildModel } from "../../src/nn/model.js";
import { batch } from "./helpers.js";

const preresnet: ModelConfig = {
  arch: "preresnet",
  depth: 20,
  norm: "batch",
  affine: "fixed",
  output: "fixed",
  bnEpsilon: 1e-5,
};

describe("buildModel", () => {
  before(async () => {
    await registerGradients();
    await tf.setBackend("cpu");
  });

  it("builds PreResNet-20 with 19 convs + 2 projections, tagged by kind", () => {
    const model = buildModel(preresnet);
    assert.equal(model.groups["scale-invariant"].length, 1 + 18 + 2);
    assert.equal(model.groups["norm-affine"].length, 0);
    assert.deepEqual(
      model.groups.output.map((p) => [p.name, p.trainable, p.variable.shape]),
      [["fc.weight", false, [64, 10]]],
    );
    assert.equal(model.groups.bias.length, 0);
    assert.equal(model.trainableVariables().length, 21);
    assert.equal(model.buffers.length, 2 * (1 + 18));
    model.dispose();
  });

  it("has 6n+2 layers for depth 32 and 56, learnable affine and output when asked", () => {
    const m32 = buildModel({ ...preresnet, depth: 32, affine: "learnable", output: "learnable" });
    assert.equal(m32.groups["scale-invariant"].length, 1 + 30 + 2);
    assert.equal(m32.groups["norm-affine"].length, 2 * (1 + 30));
    assert.equal(m32.groups.bias.length, 1);
    assert.ok(m32.params.every((p) => p.trainable));
    m32.dispose();
    const m56 = buildModel({ ...preresnet, depth: 56 });
    assert.equal(m56.groups["scale-invariant"].length, 1 + 54 + 2);
    m56.dispose();
  });

  it("initialises deterministically from the seed with He-normal variance", () => {
    const a = buildModel(preresnet);
    const b = buildModel(JSON.parse(JSON.stringify(preresnet)));
    const c = buildModel({ ...preresnet, seed: 1 });
    const wa = a.params[5].variable.dataSync() as Float32Array;
    assert.deepEqual(wa, b.params[5].variable.dataSync());
    assert.notDeepEqual(wa, c.params[5].variable.dataSync());
    const [k, , cin] = a.params[5].variable.shape;
    const variance = wa.reduce((s, v) => s + v * v, 0) / wa.length;
    assert.ok(Math.abs(variance / (2 / (k * k * cin)) - 1) < 0.1, `variance ${variance}`);
    for (const m of [a, b, c]) m.dispose();
  });

  it("gives logits [N, 10] and a finite loss; backward reaches every trainable variable", () => {
    const model = buildModel({ ...preresnet, affine: "learnable", output: "learnable" });
    const { x, labels } = batch(2);
    const { value, grads } = tf.variableGrads(
      () => model.lossAndAccuracy(x, labels, { training: true }).loss,
      model.trainableVariables(),
    );
    assert.ok(Number.isFinite(value.dataSync()[0]));
    assert.equal(Object.keys(grads).length, model.trainableVariables().length);
    assert.deepEqual(model.forward(x, { training: false }).shape, [2, 10]);
    tf.dispose([value, x, labels, ...Object.values(grads)]);
    model.dispose();
  });

  it("builds the small CNN with 3 conv+norm layers", () => {
    const model = buildModel({ ...preresnet, arch: "smallcnn", norm: "group" });
    assert.deepEqual(
      model.groups["scale-invariant"].map((p) => p.variable.shape),
      [
        [3, 3, 3, 32],
        [3, 3, 32, 64],
        [3, 3, 64, 128],
      ],
    );
    const { x } = batch(3);
    assert.deepEqual(model.forward(x, { training: true }).shape, [3, 10]);
    model.dispose();
  });

  it("updates BatchNorm running statistics with momentum only in training mode", () => {
    const model = buildModel({ ...preresnet, arch: "smallcnn", bnMomentum: 0.25 });
    const { x } = batch(4);
    const runningMean = model.buffers[0].variable;
    model.forward(x, { training: false });
    assert.deepEqual(Array.from(runningMean.dataSync()), new Array(32).fill(0));
    model.forward(x, { training: true, updateStats: false });
    assert.deepEqual(Array.from(runningMean.dataSync()), new Array(32).fill(0));
    const conv = tf.conv2d(x, model.params[0].variable as tf.Variable<tf.Rank.R4>, 1, "same");
    const batchMean = tf.mean(conv, [0, 1, 2]).dataSync();
    model.forward(x, { training: true });
    const updated = runningMean.dataSync();
    for (let i = 0; i < 32; i++) assert.ok(Math.abs(updated[i] - 0.25 * batchMean[i]) < 1e-5);
    model.dispose();
  });

  it("stays finite with ε = 0 on a constant input (zero variance guard)", () => {
    const model = buildModel({ ...preresnet, arch: "smallcnn", bnEpsilon: 0 });
    const logits = model.forward(tf.ones([2, 8, 8, 3]), { training: true });
    assert.ok(logits.dataSync().every(Number.isFinite));
    model.dispose();
  });

  it("rejects bad configs and inputs with the fix in the message", () => {
    assert.throws(() => buildModel({ ...preresnet, depth: 21 }), /6n \+ 2/);
    assert.throws(() => buildModel({ ...preresnet, bnEpsilon: -1 }), /bnEpsilon/);
    assert.throws(() => buildModel({ ...preresnet, bnMomentum: 0 }), /bnMomentum/);
    assert.throws(() => buildModel({ ...preresnet, norm: "group", groups: 5 }), /divisible/);
    assert.throws(() => buildModel({ ...preresnet, arch: "vgg" as "preresnet" }), /arch/);
    const model = buildModel({ ...preresnet, arch: "smallcnn" });
    assert.throws(() => model.forward(tf.zeros([1, 8, 8, 1]) as tf.Tensor4D, { training: true }), /NHWC/);
    assert.throws(
      () => model.forward(batch(1).x, { training: true, overrides: new Map([["nope", tf.scalar(1)]]) }),
      /nope/,
    );
    model.dispose();
  });
});

describe("buildModel memory", () => {
  it("leaves no tensor behind after dispose", () => {
    const before = tf.memory().numTensors;
    buildModel({
      arch: "smallcnn",
      norm: "batch",
      affine: "fixed",
      output: "fixed",
      bnEpsilon: 0,
      width: 4,
    }).dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("holds a few activations at a time in evaluation, not the whole network's", async () => {
    await tf.setBackend("cpu");
    const model = buildModel(preresnet);
    const images = 4;
    const x = tf.randomNormal([images, 32, 32, 3]) as tf.Tensor4D;
    const activation = images * 32 * 32 * 16 * 4; // bytes of a first-stage activation
    const evaluation = await tf.profile(() => model.forward(x, { training: false }));
    tf.dispose(evaluation.result as tf.Tensor);
    assert.ok(
      evaluation.peakBytes < 16 * activation, // a block's tensors; the network's are over 50
      `evaluation peaks at ${(evaluation.peakBytes / activation).toFixed(1)} activations`,
    );
    x.dispose();
    model.dispose();
  });
});
