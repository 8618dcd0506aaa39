import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float64Ops } from "../../src/optim/float64.js";
import { rescale } from "../../src/theory/rescale.js";
import { norm } from "../../src/vectors.js";
import { runSgd, startingWeights, stepDecay, testLoss } from "./harness.js";

const loss = testLoss();
const steps = 2000;
const momentum = 0.9;

describe("rescale", () => {
  for (const c of [3, 0.3]) {
    it(`(η, λ, w_0, v_0) → (cη, λ/c, √c·w_0, v_0/√c) visits √c·w_k (c = ${c}, Step Decay, non-zero v_0)`, (t) => {
      const start = {
        lr: stepDecay([800, 1500], [0.1, 0.01, 0.001]),
        weightDecay: 5e-3,
        weights: startingWeights(),
        buffer: Float64Array.from({ length: 8 }, (_, i) => 0.1 * Math.sin(i)),
      };
      const scaled = rescale(float64Ops, start, c);
      const run = (s: typeof start | typeof scaled) =>
        runSgd({
          loss,
          w0: s.weights,
          buffer: s.buffer,
          steps,
          lr: s.lr,
          weightDecay: s.weightDecay,
          momentum,
        });
      const original = run(start);
      const other = run(scaled);
      let worst = 0;
      original.forEach((w, k) => {
        const diff = w.map((x, i) => Math.sqrt(c) * x - other[k][i]);
        worst = Math.max(worst, norm(diff) / (Math.sqrt(c) * norm(w)));
      });
      t.diagnostic(`relative error ${worst.toExponential(2)}`);
      assert.ok(worst < 1e-10, `relative error ${worst}`);
    });
  }

  it("rescales numbers and schedules, keeps a null buffer, and refuses c ≤ 0", () => {
    const lr = stepDecay([1], [0.1, 0.01]);
    const scaled = rescale(
      float64Ops,
      { lr, weightDecay: 1e-3, weights: Float64Array.of(2), buffer: null },
      4,
    );
    assert.equal(typeof scaled.lr === "function" && scaled.lr(1), 0.04);
    assert.equal(scaled.weightDecay, 2.5e-4);
    assert.deepEqual([...scaled.weights], [4]);
    assert.equal(scaled.buffer, null);
    assert.deepEqual(typeof scaled.lr === "function" && scaled.lr.toJSON(), {
      kind: "theory.rescaled",
      factor: 4,
      schedule: lr.spec,
    });
    const start = { lr: 0.1, weightDecay: 0, weights: Float64Array.of(1), buffer: null };
    assert.throws(() => rescale(float64Ops, start, 0), /c must be a finite number > 0, got 0/);
    assert.throws(() => rescale(float64Ops, start, Number.NaN), /got NaN/);
  });
});
