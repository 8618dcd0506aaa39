import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alpha } from "../../src/theory/alpha.js";
import { expLR } from "../../src/theory/exp-lr.js";
import { norm } from "../../src/vectors.js";
import { directionError, ratioError, runSgd, startingWeights, testLoss } from "./harness.js";

const steps = 2000;
const loss = testLoss();
const w0 = startingWeights();

function compare(h: { lr: number; weightDecay: number; momentum: number }) {
  const exp = expLR(h);
  const withWD = runSgd({ loss, w0, steps, ...h });
  const exponential = runSgd({
    loss,
    w0,
    steps,
    lr: exp.lr,
    weightDecay: 0,
    momentum: h.momentum,
    momentumCorrection: exp.momentumCorrection,
  });
  return { exp, withWD, exponential };
}

describe("expLR", () => {
  it("has the sanity values for η = 0.1, λ = 5e-4, γ = 0.9", () => {
    const exp = expLR({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9 });
    assert.ok(Math.abs(exp.alpha - 0.99949772836789) < 1e-14);
    assert.ok(Math.abs(exp.lr(0) - 0.100050252404) < 1e-12);
    assert.ok(Math.abs(exp.lr(1) / exp.lr(0) - 1.001005300601762) < 1e-14);
    assert.ok(Math.abs(exp.lr(391) / exp.lr(0) - 1.481233) < 1e-6);
    assert.deepEqual(exp.lr.toJSON(), { kind: "theory.expLR", lr: 0.1, weightDecay: 5e-4, momentum: 0.9 });
  });

  for (const weightDecay of [5e-4, 5e-3]) {
    const h = { lr: 0.1, weightDecay, momentum: 0.9 };
    it(`WD + momentum at fixed LR ≡ exponential LR without WD over ${steps} steps (λ = ${weightDecay})`, (t) => {
      const { exp, withWD, exponential } = compare(h);
      const direction = directionError(withWD, exponential);
      const ratio = ratioError(withWD, exponential, (k) => exp.alpha ** k);
      t.diagnostic(`direction error ${direction.toExponential(2)}, ratio error ${ratio.toExponential(2)}`);
      assert.ok(direction < 1e-10, `direction error ${direction}`);
      assert.ok(ratio < 1e-10, `‖w̃_k‖/‖w_k‖ vs α^−k: ${ratio}`);
      // The weights really moved and grew apart in norm, so the agreement is not trivial.
      assert.ok(directionError([w0], [withWD[steps]]) > 0.1);
      assert.ok(norm(exponential[steps]) / norm(withWD[steps]) > 2);
      // ‖w̃_t‖²/η̃_t = α‖w_t‖²/η: constant exactly when the WD run's norm is.
      const k = steps - 1;
      const lhs = norm(exponential[k]) ** 2 / exp.lr(k);
      assert.ok(Math.abs(lhs / ((exp.alpha * norm(withWD[k]) ** 2) / h.lr) - 1) < 1e-10);
    });
  }

  it("the no-momentum theorem: η̃_k = η ρ^{−2k−1}, ρ = 1 − ηλ, w̃_k = ρ^{−k} w_k", (t) => {
    const h = { lr: 0.1, weightDecay: 5e-3, momentum: 0 };
    const { exp, withWD, exponential } = compare(h);
    const rho = 1 - h.lr * h.weightDecay;
    assert.equal(exp.alpha, rho);
    assert.equal(exp.momentumCorrection(0), 0);
    assert.ok(Math.abs(exp.lr(10) / (h.lr * rho ** -21) - 1) < 1e-14);
    const direction = directionError(withWD, exponential);
    const ratio = ratioError(withWD, exponential, (k) => rho ** k);
    t.diagnostic(`direction error ${direction.toExponential(2)}, ratio error ${ratio.toExponential(2)}`);
    assert.ok(direction < 1e-10 && ratio < 1e-10, `direction ${direction}, ratio ${ratio}`);
  });

  it("the initial buffer κ_0 = −(1 − α)/(α η) equals −(1 − α)/(α² η̃_0)", () => {
    const exp = expLR({ lr: 0.05, weightDecay: 0.01, momentum: 0.8 });
    const a = exp.alpha;
    assert.ok(Math.abs(exp.momentumCorrection(0) / (-(1 - a) / (a * a * exp.lr(0))) - 1) < 1e-14);
    assert.equal(exp.momentumCorrection(1), 0);
    assert.equal(exp.scale(3), a ** 3);
    assert.equal(expLR({ lr: 0.1, weightDecay: 0, momentum: 0.9 }).momentumCorrection(0), 0);
  });

  for (const weightDecay of [5e-4, 5e-3]) {
    it(`fails measurably with a zero initial buffer (λ = ${weightDecay})`, (t) => {
      const h = { lr: 0.1, weightDecay, momentum: 0.9 };
      const { withWD } = compare(h);
      const zeroBuffer = runSgd({ loss, w0, steps, lr: expLR(h).lr, weightDecay: 0, momentum: h.momentum });
      const direction = directionError(withWD, zeroBuffer);
      t.diagnostic(`zero initial buffer: direction error ${direction.toExponential(2)}`);
      assert.ok(direction > 1e-6, `zero initial buffer gave only ${direction}`);
    });
  }

  it("fails measurably in the classic convention with the same γ, and is exact with γ/α²", (t) => {
    const h = { lr: 0.1, weightDecay: 5e-3, momentum: 0.9 };
    const { exp, withWD } = compare(h);
    const classic = (momentum: number) =>
      runSgd({
        loss,
        w0,
        steps,
        lr: exp.lr,
        weightDecay: 0,
        momentum,
        convention: "classic",
        momentumCorrection: exp.classic.momentumCorrection,
      });
    const sameMomentum = directionError(withWD, classic(h.momentum));
    const adjusted = directionError(withWD, classic(exp.classic.momentum));
    t.diagnostic(
      `classic, same γ: ${sameMomentum.toExponential(2)}; classic, γ/α²: ${adjusted.toExponential(2)}`,
    );
    assert.ok(sameMomentum > 1e-6, `classic convention with the same γ gave only ${sameMomentum}`);
    assert.ok(adjusted < 1e-10, `classic convention with γ/α²: ${adjusted}`);
    assert.equal(exp.classic.momentum, h.momentum / alpha(h) ** 2);
  });

  it("refuses bad input and bad steps", () => {
    assert.throws(() => expLR({ lr: 0, weightDecay: 5e-4, momentum: 0.9 }), /lr must be > 0/);
    assert.throws(() => expLR({ lr: 1, weightDecay: 0.01, momentum: 0.9 }), /λη = 0.01 exceeds/);
    const exp = expLR({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9 });
    assert.throws(() => exp.lr(-1), /integer ≥ 0/);
    assert.throws(() => exp.momentumCorrection(0.5), /whole number ≥ 0/);
    assert.throws(() => exp.lr(1e7), /equivalent LR at step 10000000 is Infinity, outside float64/);
  });
});
