import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as tf from "@tensorflow/tfjs-core";
import { batchNormBackwardArgs, batchNormForwardArgs } from "../../src/backend/batch-norm-args.js";

const info = (shape: number[], dtype: tf.DataType = "float32"): tf.TensorInfo => ({
  dataId: {},
  shape,
  dtype,
});
const call = (inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>) =>
  ({ inputs, attrs, backend: {} }) as unknown as Parameters<tf.KernelFunc>[0];

describe("BatchNorm kernel arguments", () => {
  it("reads x as positions × channels with the forward's attributes", () => {
    const x = info([2, 3, 5, 7]);
    const args = batchNormForwardArgs(call({ x }, { epsilon: 0, minVariance: 1e-5, relu: true }));
    assert.deepEqual(args, { x, positions: 30, channels: 7, epsilon: 0, minVariance: 1e-5, relu: true });
  });

  it("refuses an x that is not NHWC, not float32 or empty", () => {
    const attrs = { epsilon: 0, minVariance: 0, relu: false };
    assert.throws(() => batchNormForwardArgs(call({ x: info([4, 3]) }, attrs)), /NHWC x; got shape \[4,3\]/);
    assert.throws(
      () => batchNormForwardArgs(call({ x: info([1, 2, 2, 3], "int32") }, attrs)),
      /float32 x; got int32/,
    );
    assert.throws(() => batchNormForwardArgs(call({ x: info([0, 2, 2, 3]) }, attrs)), /non-empty x/);
  });

  it("reads the backward's inputs and refuses dy or stats that do not fit x", () => {
    const x = info([2, 3, 5, 7]);
    const [dy, stats] = [info([2, 3, 5, 7]), info([3, 7])];
    assert.deepEqual(batchNormBackwardArgs(call({ x, dy, stats }, { relu: false })), {
      x,
      dy,
      stats,
      positions: 30,
      channels: 7,
      relu: false,
    });
    assert.throws(
      () => batchNormBackwardArgs(call({ x, dy: info([2, 3, 5, 6]), stats }, { relu: false })),
      /dy \[2,3,5,6\] and stats \[3,7\] for x \[2,3,5,7\]/,
    );
    assert.throws(
      () => batchNormBackwardArgs(call({ x, dy, stats: info([2, 7]) }, { relu: false })),
      /stats \[2,7\]/,
    );
  });
});
