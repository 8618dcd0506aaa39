import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { noisyQuadratic, scaleInvariantLoss } from "../../src/theory/sphere-loss.js";

const f = noisyQuadratic({ curvature: [1, 3, 5], noise: (k) => [0.1 * k, -0.2, 0.3] });
const loss = scaleInvariantLoss(f);
const w = Float64Array.of(0.6, -1.4, 2.2);

describe("scaleInvariantLoss", () => {
  it("is f at w/‖w‖, and its gradient is (I − uuᵀ)∇f(u)/‖w‖ (checked by central differences)", () => {
    const n = Math.hypot(...w);
    const u = w.map((x) => x / n);
    assert.equal(loss.value(w, 2), f.value(u, 2));
    const g = loss.gradient(w, 2);
    const h = 1e-6;
    w.forEach((_, i) => {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[i] += h;
      minus[i] -= h;
      const estimate = (loss.value(plus, 2) - loss.value(minus, 2)) / (2 * h);
      assert.ok(Math.abs(estimate - g[i]) < 1e-8, `component ${i}: ${estimate} vs ${g[i]}`);
    });
  });

  it("noisyQuadratic is ½ Σ a_i u_i² + ⟨ξ_k, u⟩ and changes with the step", () => {
    const u = Float64Array.of(1, 0, 0);
    assert.equal(f.value(u, 0), 0.5);
    assert.equal(f.value(u, 10), 0.5 + 1);
    assert.deepEqual([...f.gradient(u, 10)], [2, -0.2, 0.3]);
  });

  it("refuses w = 0 and noise of the wrong length", () => {
    assert.throws(() => loss.gradient(new Float64Array(3), 0), /needs finite w ≠ 0/);
    const wrong = noisyQuadratic({ curvature: [1, 2], noise: () => [1] });
    assert.throws(() => wrong.value(Float64Array.of(1, 0), 4), /noise of length 1 at step 4; it must be 2/);
  });
});
