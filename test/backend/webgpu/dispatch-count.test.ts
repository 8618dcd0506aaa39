import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { axpby } from "../../../src/backend/fused-ops.js";
import { ready } from "../../../src/backend/select.js";
import { countDispatches } from "../../../src/backend/webgpu/dispatch-count.js";

describe("countDispatches", () => {
  before(async () => {
    await ready({ backend: "webgpu", log: () => {} });
  });

  it("counts the dispatches recorded between its start and stop, and none after", async () => {
    const x = tf.tensor1d([1, 2, 3]);
    await x.data();
    const count = countDispatches();
    const one = axpby(2, x, 1, x);
    const reshaped = tf.reshape(one, [3, 1]); // no dispatch: a reshape shares the buffer
    const three = tf.add(tf.mul(x, 2), x); // two dispatches
    count.stop();
    assert.equal(count.count(), 3);
    const after = axpby(1, x, 1, x);
    assert.equal(count.count(), 3, "stopped");
    assert.deepEqual(Array.from(await three.data()), [3, 6, 9]);
    tf.dispose([x, one, reshaped, three, after]);
  });
});
