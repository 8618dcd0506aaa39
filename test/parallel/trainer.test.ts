import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { ready } from "../../src/backend/select.js";
import type { ModelConfig } from "../../src/nn/config.js";
import { buildModel, type Model } from "../../src/nn/model.js";
import { sgdVariables } from "../../src/optim/tfjs.js";
import { createParallelTrainer, type ParallelTrainer } from "../../src/parallel/trainer.js";
import { batch } from "../nn/helpers.js";

const config: ModelConfig = {
  arch: "preresnet",
  depth: 8,
  norm: "batch",
  affine: "learnable",
  output: "learnable",
  bnEpsilon: 1e-5,
  width: 4,
  seed: 3,
};

/** Gradient (by variable name) of the mean loss over the shards, each shard with its own BatchNorm statistics. */
function perShardReference(model: Model, x: tf.Tensor4D, labels: tf.Tensor1D, sizes: number[]) {
  const variables = model.trainableVariables();
  const sums = new Map<string, Float32Array>();
  const buffers = model.buffers.map((b) => new Float32Array(b.variable.shape[0] as number));
  const saved = model.buffers.map((b) => tf.clone(b.variable));
  let loss = 0;
  let start = 0;
  for (const size of sizes) {
    const weight = size / x.shape[0];
    const { value, grads } = tf.variableGrads(() => {
      const xs = tf.slice(x, [start, 0, 0, 0], [size, -1, -1, -1]);
      const ys = tf.slice(labels, [start], [size]) as tf.Tensor1D;
      return model.lossAndAccuracy(xs, ys, { training: true }).loss;
    }, variables);
    loss += weight * value.dataSync()[0];
    for (const v of variables) {
      const g = grads[v.name].dataSync();
      const sum = sums.get(v.name) ?? new Float32Array(g.length);
      g.forEach((gi, j) => {
        sum[j] += weight * gi;
      });
      sums.set(v.name, sum);
    }
    model.buffers.forEach((b, j) => {
      b.variable.dataSync().forEach((bi, k) => {
        buffers[j][k] += weight * bi;
      });
      b.variable.assign(saved[j]);
    });
    tf.dispose([value, ...Object.values(grads)]);
    start += size;
  }
  tf.dispose(saved);
  return { loss, grads: sums, buffers };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe("createParallelTrainer", () => {
  let model: Model;
  let two: ParallelTrainer;
  let x: tf.Tensor4D;
  let labels: tf.Tensor1D;

  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
    ({ x, labels } = batch(10));
    model = buildModel(config);
    two = await createParallelTrainer({ model, workers: 2, backend: "wasm" });
  });

  after(async () => {
    await two.close();
    model.dispose();
    tf.dispose([x, labels]);
  });

  it("with 2 workers gives the size-weighted mean of per-shard gradients and running statistics", async () => {
    const reference = perShardReference(model, x, labels, [5, 5]);
    const result = await two.gradients(x, labels);
    assert.equal(two.workers, 2);
    assert.equal(two.backend, "wasm");
    assert.ok(Math.abs(result.loss - reference.loss) < 1e-5, `${result.loss} vs ${reference.loss}`);
    for (const v of model.trainableVariables()) {
      const expected = reference.grads.get(v.name) as Float32Array;
      const scale = Math.max(...expected.map(Math.abs));
      assert.ok(
        maxDifference(result.grads[v.name].dataSync(), expected) <= 1e-5 * Math.max(1, scale),
        v.name,
      );
    }
    model.buffers.forEach((b, j) => {
      assert.ok(maxDifference(b.variable.dataSync(), reference.buffers[j]) < 1e-6, b.name);
    });
    // Per-shard statistics are not whole-batch statistics: the gradient must differ from the one-shard gradient.
    const whole = perShardReference(model, x, labels, [10]);
    const name = model.trainableVariables()[0].name;
    assert.ok(maxDifference(result.grads[name].dataSync(), whole.grads.get(name) as Float32Array) > 1e-4);
    tf.dispose(result.grads);
  });

  it("keeps memory flat on both sides over many steps with an optimizer", async () => {
    const opt = sgdVariables({ lr: 0.05, momentum: 0.9, weightDecay: 5e-4 }, model.trainableVariables());
    const counts: number[][] = [];
    const mainBefore = tf.memory().numTensors;
    for (let step = 0; step < 40; step++) {
      const { grads, workerTensors, workerBytes } = await two.gradients(x, labels);
      opt.step(grads);
      tf.dispose(grads);
      counts.push([tf.memory().numTensors, ...workerTensors, ...workerBytes]);
    }
    assert.deepEqual(counts.at(-1), counts[1], "tensors and bytes after step 40 equal those after step 2");
    opt.dispose();
    assert.equal(tf.memory().numTensors, mainBefore);
  });

  it("with 1 worker trains exactly like this process on the whole batch (the curve of the reference path)", async () => {
    const local = buildModel(config);
    const remote = buildModel(config);
    const one = await createParallelTrainer({ model: remote, workers: 1, backend: "wasm" });
    try {
      const sgd = { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 };
      const localOpt = sgdVariables(sgd, local.trainableVariables());
      const remoteOpt = sgdVariables(sgd, remote.trainableVariables());
      for (let step = 0; step < 5; step++) {
        const { value, grads } = tf.variableGrads(
          () => local.lossAndAccuracy(x, labels, { training: true }).loss,
          local.trainableVariables(),
        );
        const remoteStep = await one.gradients(x, labels);
        const localLoss = value.dataSync()[0];
        assert.ok(Math.abs(localLoss - remoteStep.loss) < 1e-5 * Math.max(1, localLoss), `step ${step}`);
        localOpt.step(grads);
        remoteOpt.step(remoteStep.grads);
        tf.dispose([value, grads, remoteStep.grads]);
      }
      local.params.forEach((p, i) => {
        assert.ok(maxDifference(p.variable.dataSync(), remote.params[i].variable.dataSync()) < 1e-5, p.name);
      });
      local.buffers.forEach((b, i) => {
        assert.ok(maxDifference(b.variable.dataSync(), remote.buffers[i].variable.dataSync()) < 1e-5, b.name);
      });
      localOpt.dispose();
      remoteOpt.dispose();
    } finally {
      await one.close();
      local.dispose();
      remote.dispose();
    }
  });

  it("refuses a batch smaller than the worker count and mismatched labels", async () => {
    const small = batch(1);
    await assert.rejects(two.gradients(small.x, small.labels), /batch of 1 samples cannot feed 2 workers/);
    await assert.rejects(two.gradients(x, small.labels), /10 images but 1 labels/);
    tf.dispose([small.x, small.labels]);
  });

  it("fails with the worker's reason when a worker cannot start its backend", async () => {
    await assert.rejects(
      createParallelTrainer({ model, workers: 1, backend: "tpu" as "wasm" }),
      /parallel worker: option backend = 'tpu' is not a backend/,
    );
  });

  it("refuses zero workers before starting any", async () => {
    await assert.rejects(createParallelTrainer({ model, workers: 0 }), /into 0 shards; use an integer ≥ 1/);
  });
});
