import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkLossScaleInvariance } from "../../src/theory/scale-invariance.js";
import { norm } from "../../src/vectors.js";
import { startingWeights, testLoss } from "./harness.js";

const loss = testLoss();
const w = startingWeights();
const value = (x: Float64Array) => loss.value(x, 3);
const gradient = (x: Float64Array) => loss.gradient(x, 3);

describe("checkLossScaleInvariance", () => {
  it("passes the exact test loss with its gradient to rounding", (t) => {
    const report = checkLossScaleInvariance(value, gradient, w);
    t.diagnostic(JSON.stringify(report));
    assert.ok(report.worst < 1e-13, `worst ${report.worst}`);
  });

  it("passes it with central differences to ~1e-10", (t) => {
    const report = checkLossScaleInvariance(value, undefined, w);
    t.diagnostic(JSON.stringify(report));
    assert.ok(report.worst < 1e-8, `worst ${report.worst}`);
  });

  it("flags a loss that is not scale invariant, each property separately", (t) => {
    // f(w/‖w‖) + ε‖w‖²: every property fails by about ε relative to the gradient or value.
    const epsilon = 1e-3;
    const broken = (x: Float64Array) => value(x) + epsilon * norm(x) ** 2;
    const brokenGradient = (x: Float64Array) => gradient(x).map((g, i) => g + 2 * epsilon * x[i]);
    const report = checkLossScaleInvariance(broken, brokenGradient, w);
    const estimated = checkLossScaleInvariance(broken, undefined, w);
    t.diagnostic(
      `exact gradient ${JSON.stringify(report)}; central differences ${JSON.stringify(estimated)}`,
    );
    for (const r of [report, estimated]) {
      assert.ok(r.value > 1e-4 && r.orthogonality > 1e-4 && r.gradientScaling > 1e-4, JSON.stringify(r));
    }
  });

  it("refuses w = 0, bad factors and a bad step", () => {
    assert.throws(() => checkLossScaleInvariance(value, gradient, new Float64Array(8)), /non-zero/);
    assert.throws(() => checkLossScaleInvariance(value, gradient, w, { scales: [2, -1] }), /scales must be/);
    assert.throws(() => checkLossScaleInvariance(value, gradient, w, { scales: [] }), /scales must be/);
    assert.throws(
      () => checkLossScaleInvariance(value, undefined, w, { relativeStep: 0 }),
      /relativeStep must be > 0/,
    );
  });
});
