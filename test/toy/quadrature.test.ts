import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { gaussHermiteNormal, gaussLegendre } from "../../src/toy/quadrature.js";

function integrate(rule: { nodes: Float64Array; weights: Float64Array }, f: (x: number) => number): number {
  return rule.nodes.reduce((sum, x, i) => sum + rule.weights[i] * f(x), 0);
}

describe("gaussLegendre", () => {
  it("integrates polynomials of degree < 2n exactly", () => {
    const rule = gaussLegendre(6, 0, 2);
    assert.ok(Math.abs(integrate(rule, (x) => x ** 11) - 2 ** 12 / 12) < 1e-12 * 2 ** 12);
    assert.ok(Math.abs(integrate(rule, () => 1) - 2) < 1e-15);
  });

  it("is not exact beyond degree 2n − 1 (the test can fail)", () => {
    const rule = gaussLegendre(3, -1, 1);
    assert.ok(Math.abs(integrate(rule, (x) => x ** 6) - 2 / 7) > 1e-3);
  });

  it("rejects a non-positive order", () => {
    assert.throws(() => gaussLegendre(0), /positive integer/);
  });
});

describe("gaussHermiteNormal", () => {
  it("reproduces the standard normal moments 1, 0, 1, 0, 3, 15", () => {
    const rule = gaussHermiteNormal(48);
    const moments = [0, 1, 2, 3, 4, 6].map((p) => integrate(rule, (x) => x ** p));
    const expected = [1, 0, 1, 0, 3, 15];
    moments.forEach((m, i) => {
      assert.ok(Math.abs(m - expected[i]) < 1e-12, `moment ${i}: ${m}`);
    });
  });

  it("matches E cos(X) = e^{−1/2}", () => {
    assert.ok(Math.abs(integrate(gaussHermiteNormal(30), Math.cos) - Math.exp(-0.5)) < 1e-14);
  });
});
