import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { read } from "../../src/backend/read.js";
import { affine, batchNormTraining } from "../../src/nn/layers.js";
import { maxRelativeError, values } from "./conv-cases.js";

/** A BatchNorm layer as the networks build it: fixed affine with ReLU inside, or learned affine then ReLU. */
export interface BatchNormCase {
  shape: [number, number, number, number];
  relu: boolean;
  learnedAffine: boolean;
}

/**
 * The shapes every BatchNorm kernel is checked on: the networks' at batch 8 and 1, odd sizes (C = 3, 5, 7, 11, 23,
 * 300, odd H and W; a C not a multiple of 4 or 16 leaves channels for a kernel's scalar tail), and fewer positions
 * than threads.
 */
export const batchNormShapes: [number, number, number, number][] = [
  [8, 32, 32, 16],
  [8, 16, 16, 32],
  [8, 8, 8, 64],
  [1, 32, 32, 16],
  [3, 5, 7, 11],
  [2, 3, 3, 300],
  [1, 2, 2, 3],
  [2, 5, 3, 5],
  [1, 7, 5, 7],
  [2, 3, 5, 23],
];

/** Each shape with and without ReLU, with fixed and with learned affine. */
export const batchNormCases: BatchNormCase[] = batchNormShapes.flatMap((shape) =>
  [false, true].flatMap((relu) => [false, true].map((learnedAffine) => ({ shape, relu, learnedAffine }))),
);

/** The name of a case's test. */
export function batchNormCaseName({ shape, relu, learnedAffine }: BatchNormCase): string {
  return `BatchNorm${relu ? "+ReLU" : ""}${learnedAffine ? " learned affine" : ""} on [${shape}]`;
}

/**
 * y, Σ y·w, and its gradients (x, and γ, β with a learned affine), and the running statistics, of one
 * training-mode BatchNorm on the current backend.
 */
async function batchNormOutputs({ shape, relu, learnedAffine }: BatchNormCase): Promise<Float32Array[]> {
  const size = shape.reduce((p, d) => p * d, 1);
  const channels = shape[3];
  const options = { epsilon: 1e-5, minVariance: 1e-30 };
  const running = {
    mean: tf.variable(tf.zeros([channels]), false),
    variance: tf.variable(tf.ones([channels]), false),
    momentum: 0.1,
  };
  const outputs = tf.tidy(() => {
    // An offset mean: the shifted sums must not lose the variance to cancellation.
    const x = tf.tensor4d(
      values(size, 4).map((v, i) => 3 + v * (1 + (i % 7))),
      shape,
    );
    const weights = tf.tensor4d(values(size, 5), shape);
    const gamma = tf.tensor1d(values(channels, 6).map((v) => 1 + 0.5 * v));
    const beta = tf.tensor1d(values(channels, 7));
    const layer = (t: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      if (!learnedAffine) return batchNormTraining(t as tf.Tensor4D, options, { relu, running });
      const y = affine(batchNormTraining(t as tf.Tensor4D, options, { running }), g, b);
      return relu ? tf.relu(y) : y;
    };
    const loss = (...args: tf.Tensor[]) =>
      tf.sum(tf.mul(layer(args[0], args[1] ?? gamma, args[2] ?? beta), weights));
    const { value, grads } = tf.valueAndGrads(loss)(learnedAffine ? [x, gamma, beta] : [x]);
    return [layer(x, gamma, beta), value, ...grads, running.mean.clone(), running.variance.clone()];
  });
  const read_ = await Promise.all(outputs.map((t) => read(t)));
  tf.dispose([...outputs, running.mean, running.variance]);
  return read_;
}

/** Asserts that `backend` computes `cs` as the `cpu` backend does (tfjs's small ops), within float32 rounding. */
export async function assertBatchNormMatchesCpu(backend: string, cs: BatchNormCase): Promise<void> {
  await tf.setBackend("cpu");
  const reference = await batchNormOutputs(cs);
  await tf.setBackend(backend);
  const ours = await batchNormOutputs(cs);
  const names = cs.learnedAffine
    ? ["y", "loss", "dx", "dγ", "dβ", "running mean", "running variance"]
    : ["y", "loss", "dx", "running mean", "running variance"];
  assert.equal(ours.length, names.length);
  names.forEach((name, i) => {
    const error = maxRelativeError(ours[i], reference[i]);
    assert.ok(error < 1e-4, `${name}: ${error}`);
  });
  assert.ok(
    reference[2].some((v) => Math.abs(v) > 1e-3),
    "the gradient is not trivially zero",
  );
}
