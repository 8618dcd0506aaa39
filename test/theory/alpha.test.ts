import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alpha, epochGrowth, maxIntrinsicLR, stepGrowth } from "../../src/theory/alpha.js";

const paper = { lr: 0.1, weightDecay: 5e-4, momentum: 0.9 };

describe("alpha", () => {
  it("has the sanity values for η = 0.1, λ = 5e-4, γ = 0.9", () => {
    assert.ok(Math.abs(alpha(paper) - 0.99949772836789) < 1e-14);
    assert.ok(Math.abs(stepGrowth(paper) - 1.001005300601762) < 1e-14);
    assert.ok(Math.abs(paper.lr / alpha(paper) - 0.100050252404) < 1e-12);
    assert.ok(Math.abs(epochGrowth(paper, 391) - 1.481233) < 1e-6);
  });

  it("is the larger root of x² − (1 + γ − λη) x + γ = 0, ≈ 1 − λη/(1 − γ)", () => {
    for (const h of [
      paper,
      { lr: 0.5, weightDecay: 1e-3, momentum: 0.5 },
      { lr: 1, weightDecay: 1e-5, momentum: 0.99 },
    ]) {
      const a = alpha(h);
      const b = 1 + h.momentum - h.lr * h.weightDecay;
      assert.ok(Math.abs(a * a - b * a + h.momentum) < 1e-15);
      assert.ok(a > h.momentum / a, "the other root γ/α is smaller");
    }
    assert.ok(Math.abs((1 - alpha(paper)) / ((0.1 * 5e-4) / 0.1) - 1) < 0.01);
  });

  it("depends on (η, λ) only through ηλ, and is 1 − ηλ without momentum", () => {
    assert.equal(alpha({ lr: 0.2, weightDecay: 2.5e-4, momentum: 0.9 }), alpha(paper));
    assert.equal(alpha({ lr: 0.1, weightDecay: 0.02, momentum: 0 }), 1 - 0.002);
    assert.equal(alpha({ lr: 0.1, weightDecay: 0, momentum: 0.9 }), 1);
  });

  it("has a real root up to λη = (1 − √γ)², the double root √γ", () => {
    assert.ok(Math.abs(maxIntrinsicLR(0.9) - 0.0026334) < 1e-7);
    const bound = maxIntrinsicLR(0.9);
    assert.ok(Math.abs(alpha({ lr: 1, weightDecay: bound, momentum: 0.9 }) - Math.sqrt(0.9)) < 1e-7);
  });

  it("refuses λη above the bound, naming λη and the bound", () => {
    assert.throws(
      () => alpha({ lr: 1, weightDecay: 0.003, momentum: 0.9 }),
      (e: unknown) => e instanceof RangeError && /λη = 0.003 exceeds \(1 − √γ\)² = 0.00263/.test(e.message),
    );
    assert.throws(() => alpha({ lr: 1, weightDecay: 1, momentum: 0 }), /λη = 1 must be < 1/);
  });

  it("refuses negative, NaN and out-of-range inputs", () => {
    assert.throws(() => alpha({ ...paper, lr: -0.1 }), RangeError);
    assert.throws(() => alpha({ ...paper, weightDecay: -1e-4 }), /weightDecay must be ≥ 0, got -0.0001/);
    assert.throws(() => alpha({ ...paper, lr: Number.NaN }), TypeError);
    assert.throws(() => alpha({ ...paper, momentum: 1 }), /momentum must be in \[0, 1\), got 1/);
    assert.throws(() => alpha({ ...paper, momentum: -0.1 }), /momentum must be in \[0, 1\)/);
    assert.throws(() => epochGrowth(paper, 0), /stepsPerEpoch must be a whole number ≥ 1, got 0/);
  });
});
