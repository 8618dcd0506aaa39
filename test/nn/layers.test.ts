import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { registerGradients } from "../../src/backend/select.js";
import {
  batchNormTraining,
  globalAveragePool,
  meanOverNhw,
  type NormOptions,
  normalize,
  perSampleNormalize,
  residualAdd,
} from "../../src/nn/layers.js";

const options: NormOptions = { epsilon: 1e-5, minVariance: 1e-30 };

function input(): tf.Tensor4D {
  const values = Float32Array.from(
    { length: 3 * 4 * 5 * 6 },
    (_, i) => Math.sin(i * 0.37) * (1 + (i % 6)) + (i % 6),
  );
  return tf.tensor4d(values, [3, 4, 5, 6]);
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
}

describe("normalization layers", () => {
  before(async () => {
    await registerGradients();
    await tf.setBackend("cpu");
  });

  it("meanOverNhw is tf.mean over [N, H, W] per channel", () => {
    const x = input();
    const fast = meanOverNhw(x);
    const reference = tf.mean(x, [0, 1, 2]);
    assert.deepEqual(fast.shape, [6]);
    assert.ok(maxAbsDiff(fast, reference) < 1e-6);
    tf.dispose([x, fast, reference]);
  });

  it("batchNormTraining matches autodiff of (x − μ)/√(σ² + ε) in value and gradient", () => {
    const x = input();
    const weights = tf.tensor4d(
      Array.from({ length: x.size }, (_, i) => Math.cos(i * 0.9)),
      x.shape,
    );
    const reference = (t: tf.Tensor) => {
      const { mean, variance } = tf.moments(t, [0, 1, 2]);
      return normalize(t, mean, variance, options);
    };
    const ours = (t: tf.Tensor) => batchNormTraining(t as tf.Tensor4D, options);
    assert.ok(maxAbsDiff(ours(x), reference(x)) < 1e-5);
    const loss = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) =>
      tf.sum(tf.mul(tf.square(f(t)), weights));
    const gOurs = tf.grad(loss(ours))(x);
    const gReference = tf.grad(loss(reference))(x);
    assert.ok(maxAbsDiff(gOurs, gReference) < 1e-4, String(maxAbsDiff(gOurs, gReference)));
    assert.ok(tf.max(tf.abs(gReference)).dataSync()[0] > 0.1);
  });

  it("batchNormTraining moves the running statistics towards the mean and the unbiased variance", () => {
    const x = input();
    const channels = x.shape[3];
    const running = {
      mean: tf.variable(tf.fill([channels], 0.5), false),
      variance: tf.variable(tf.fill([channels], 2), false),
      momentum: 0.25,
    };
    batchNormTraining(x, options, { running });
    // running = 0.75·old + 0.25·batch, so batch = (running − 0.75·old) / 0.25
    const seen = [
      Array.from(running.mean.dataSync(), (v) => (v - 0.75 * 0.5) / 0.25),
      Array.from(running.variance.dataSync(), (v) => (v - 0.75 * 2) / 0.25),
    ];
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const n = 3 * 4 * 5;
    assert.ok(Math.max(...seen[0].map((v, i) => Math.abs(v - mean.dataSync()[i]))) < 1e-5);
    assert.ok(
      Math.max(...seen[1].map((v, i) => Math.abs(v - (variance.dataSync()[i] * n) / (n - 1)))) < 1e-4,
    );
  });

  it("batchNormTraining with ε = 0 gives zero, not NaN, on a constant channel", () => {
    const x = tf.ones([2, 3, 3, 2]) as tf.Tensor4D;
    const y = batchNormTraining(x, { epsilon: 0, minVariance: 1e-30 });
    assert.deepEqual(Array.from(y.dataSync()), new Array(36).fill(0));
    const g = tf.grad((t: tf.Tensor) =>
      tf.sum(batchNormTraining(t as tf.Tensor4D, { epsilon: 0, minVariance: 1e-30 })),
    )(x);
    assert.ok(g.dataSync().every(Number.isFinite));
  });

  it("batchNormTraining with relu is relu of the normalization, in value and gradient", () => {
    const x = input();
    const weights = tf.tensor4d(
      Array.from({ length: x.size }, (_, i) => Math.cos(i * 0.9)),
      x.shape,
    );
    const fused = (t: tf.Tensor) => batchNormTraining(t as tf.Tensor4D, options, { relu: true });
    const separate = (t: tf.Tensor) => tf.relu(batchNormTraining(t as tf.Tensor4D, options));
    assert.ok(maxAbsDiff(fused(x), separate(x)) < 1e-6);
    assert.ok(tf.min(fused(x)).dataSync()[0] === 0, "negative values are cut");
    const loss = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(f(t), weights));
    assert.ok(maxAbsDiff(tf.grad(loss(fused))(x), tf.grad(loss(separate))(x)) < 1e-6);
  });

  it("per-sample normalizations give zero mean and unit variance over their axes", () => {
    const x = input();
    for (const [kind, axes] of [
      ["instance", [1, 2]],
      ["layer", [1, 2, 3]],
    ] as const) {
      const { mean, variance } = tf.moments(
        perSampleNormalize(x, kind, 1, { epsilon: 0, minVariance: 1e-30 }),
        [...axes],
      );
      assert.ok(tf.max(tf.abs(mean)).dataSync()[0] < 1e-5, kind);
      assert.ok(tf.max(tf.abs(tf.sub(variance, 1))).dataSync()[0] < 1e-4, kind);
    }
    const grouped = tf.reshape(
      perSampleNormalize(x, "group", 3, { epsilon: 0, minVariance: 1e-30 }),
      [3, 4, 5, 3, 2],
    );
    const { variance } = tf.moments(grouped, [1, 2, 4]);
    assert.ok(tf.max(tf.abs(tf.sub(variance, 1))).dataSync()[0] < 1e-4);
    assert.throws(
      () => perSampleNormalize(x, "group", 4, options),
      /6 channels are not divisible by 4 groups/,
    );
  });
});

describe("residualAdd", () => {
  before(async () => {
    await registerGradients();
    await tf.setBackend("cpu");
  });

  it("is a + b, passes dy to both, and keeps neither input for the backward pass (tfjs's add keeps both)", () => {
    const a = tf.variable(input());
    const b = tf.variable(tf.mul(input(), -0.5));
    const weights = tf.mul(input(), 0.25);
    const heldDuringBackward = (add: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => {
      let held = 0;
      const { value, grads } = tf.variableGrads(() => {
        const before = tf.memory().numTensors;
        const sum = add(a, b);
        held = tf.memory().numTensors - before - 1; // what the forward keeps besides its result
        return tf.sum(tf.mul(sum, weights)) as tf.Scalar;
      }, [a, b]);
      const result = { held, da: grads[a.name], db: grads[b.name], value: value.dataSync()[0] };
      value.dispose();
      return result;
    };
    const ours = heldDuringBackward(residualAdd);
    const tfjs = heldDuringBackward(tf.add);
    assert.equal(ours.held, 0);
    assert.equal(tfjs.held, 2, "tfjs's add saves both inputs (else this test measures nothing)");
    assert.ok(Math.abs(ours.value - tfjs.value) < 1e-5);
    assert.ok(maxAbsDiff(ours.da, weights) < 1e-6 && maxAbsDiff(ours.db, weights) < 1e-6);
    tf.dispose([a, b, weights, ours.da, ours.db, tfjs.da, tfjs.db]);
  });
});

describe("globalAveragePool", () => {
  before(async () => {
    await registerGradients();
    await tf.setBackend("cpu");
  });

  it("is tf.mean over [H, W], with tf.mean's gradient", () => {
    const x = input();
    const weights = tf.tensor2d(
      Array.from({ length: 18 }, (_, i) => Math.cos(i)),
      [3, 6],
    );
    const loss = (pool: (t: tf.Tensor4D) => tf.Tensor) => (t: tf.Tensor) =>
      tf.sum(tf.mul(pool(t as tf.Tensor4D), weights));
    const ours = tf.valueAndGrad(loss(globalAveragePool))(x);
    const reference = tf.valueAndGrad(loss((t) => tf.mean(t, [1, 2])))(x);
    assert.ok(Math.abs(ours.value.dataSync()[0] - reference.value.dataSync()[0]) < 1e-5);
    assert.deepEqual(ours.grad.shape, x.shape);
    assert.ok(maxAbsDiff(ours.grad, reference.grad) < 1e-7);
    tf.dispose([x, weights, ours.value, ours.grad, reference.value, reference.grad]);
  });
});
