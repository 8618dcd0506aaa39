import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { ready } from "../../../src/backend/select.js";

describe("Identity on wasm", () => {
  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
  });

  it("shares its input's memory, which lives until both tensors are gone", () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const buffers = tf.memory().numDataBuffers;
    const y = tf.engine().runKernel(tf.Identity, { x }) as tf.Tensor;
    assert.equal(y.dataId, x.dataId, "no copy");
    assert.equal(tf.memory().numDataBuffers, buffers);
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4]);
    y.dispose();
  });

  it("leaves the saved input of a gradient intact while the tape runs", () => {
    const x = tf.variable(tf.tensor1d([1, -2, 3]));
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(x)) as tf.Scalar, [x]);
    x.assign(tf.tensor1d([0, 0, 0]));
    assert.deepEqual(Array.from(grads[x.name].dataSync()), [2, -4, 6]);
    tf.dispose([x, value, grads[x.name]]);
  });
});
