import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { axpby } from "../../../src/backend/fused-ops.js";
import { ready } from "../../../src/backend/select.js";
import { installDispatchCache } from "../../../src/backend/webgpu/dispatch-cache.js";

describe("the webgpu dispatch cache", () => {
  before(async () => {
    await ready({ backend: "webgpu", log: () => {} });
  });

  it("is installed once on the webgpu backend, and finds repeated dispatches again", async () => {
    const stats = installDispatchCache(tf.backend());
    assert.ok(stats !== null, "installed");
    assert.equal(installDispatchCache(tf.backend()), stats, "a second install returns the same counters");
    const x = tf.tensor1d([1, 2, 3, 4]);
    const y = tf.tensor1d([10, 20, 30, 40]);
    const before = { ...stats };
    for (let i = 0; i < 5; i++) {
      const z = axpby(2, x, 0.5, y);
      assert.deepEqual(Array.from(await z.data()), [7, 14, 21, 28]);
      z.dispose();
    }
    assert.ok(stats.uniformHits - before.uniformHits >= 4, "the same uniforms are written once");
    assert.ok(stats.bindGroupHits - before.bindGroupHits >= 1, "a bind group is found again");
    tf.dispose([x, y]);
  });

  it("gives each distinct uniform content its own values", async () => {
    const x = tf.tensor1d([1, 2]);
    const y = tf.tensor1d([3, 4]);
    const results: number[][] = [];
    for (const a of [1, 2, 1, 3]) {
      const z = axpby(a, x, 1, y);
      results.push(Array.from(await z.data()));
      z.dispose();
    }
    assert.deepEqual(results, [
      [4, 6],
      [5, 8],
      [4, 6],
      [6, 10],
    ]);
    tf.dispose([x, y]);
  });

  it("hands out the same buffers every round of a repeated sequence that releases them out of order", async () => {
    const stats = installDispatchCache(tf.backend());
    assert.ok(stats !== null);
    const x = tf.tensor1d([1, 2, 3, 4, 5, 6, 7]);
    const round = async () => {
      const a = axpby(1, x, 1, x);
      const b = axpby(2, a, 1, x);
      const c = axpby(3, b, 1, a);
      const d = axpby(4, c, 1, b);
      assert.deepEqual(Array.from(await d.data()), [73, 146, 219, 292, 365, 438, 511]);
      tf.dispose([b, d, a, c]); // not the order they were made in
    };
    const missesPerRound: number[] = [];
    for (let i = 0; i < 6; i++) {
      const before = stats.bindGroupMisses;
      await round();
      missesPerRound.push(stats.bindGroupMisses - before);
    }
    assert.deepEqual(missesPerRound.slice(2), [0, 0, 0, 0], `misses per round: ${missesPerRound}`);
    x.dispose();
  });

  it("leaves a backend alone that is not shaped like tfjs-backend-webgpu 4.22's", () => {
    const notWebgpu = { device: {}, makeUniforms: 1 };
    assert.equal(installDispatchCache(notWebgpu), null);
    assert.equal(notWebgpu.makeUniforms, 1);
  });
});
