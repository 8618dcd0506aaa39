import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { logisticPopulation, normalized } from "../../src/toy/population.js";

const base = logisticPopulation();

function finiteDifference(f: (w: Float64Array) => number, w: Float64Array): Float64Array {
  const h = 1e-6;
  return Float64Array.from(w, (_, i) => {
    const up = Float64Array.from(w);
    const down = Float64Array.from(w);
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

describe("logisticPopulation", () => {
  it("at w = 0 the loss is log 2 and the gradient is −E|x₁|/2 · e₁ = −(2π)^{−1/2} e₁", () => {
    const w = Float64Array.of(0, 0);
    assert.ok(Math.abs(base.loss(w) - Math.LN2) < 1e-14);
    const g = base.gradient(w);
    assert.ok(Math.abs(g[0] + 1 / Math.sqrt(2 * Math.PI)) < 1e-14);
    assert.ok(Math.abs(g[1]) < 1e-15);
  });

  it("has the gradient of its loss", () => {
    const w = Float64Array.of(0.7, -1.3);
    const g = base.gradient(w);
    const fd = finiteDifference(base.loss, w);
    g.forEach((gi, i) => {
      assert.ok(Math.abs(gi - fd[i]) < 1e-8, `${gi} vs ${fd[i]}`);
    });
  });

  it("measures the error as the angle to e₁ over π", () => {
    assert.equal(base.error(Float64Array.of(1, 1)), 0.25);
    assert.equal(base.error(Float64Array.of(-1, 0)), 1);
  });
});

describe("normalized (the BN variant)", () => {
  const bn = normalized(base);

  it("is scale invariant: L(cw) = L(w), ⟨∇L, w⟩ = 0, ∇L(cw) = ∇L(w)/c", () => {
    const w = Float64Array.of(0.3, 1);
    const c = 7.5;
    const scaled = w.map((x) => c * x);
    assert.ok(Math.abs(bn.loss(scaled) - bn.loss(w)) < 1e-14);
    const g = bn.gradient(w);
    assert.ok(Math.abs(g[0] * w[0] + g[1] * w[1]) < 1e-16);
    const gs = bn.gradient(scaled);
    assert.ok(Math.abs(gs[0] - g[0] / c) < 1e-15 && Math.abs(gs[1] - g[1] / c) < 1e-15);
  });

  it("has the gradient of its loss", () => {
    const w = Float64Array.of(0.3, 1);
    const g = bn.gradient(w);
    const fd = finiteDifference(bn.loss, w);
    g.forEach((gi, i) => {
      assert.ok(Math.abs(gi - fd[i]) < 1e-8);
    });
  });
});
