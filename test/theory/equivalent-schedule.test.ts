import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeSchedule } from "../../src/schedule/schedule.js";
import { alpha } from "../../src/theory/alpha.js";
import { equivalentSchedule } from "../../src/theory/equivalent-schedule.js";
import { directionError, ratioError, runSgd, startingWeights, stepDecay, testLoss } from "./harness.js";

const loss = testLoss();
const w0 = startingWeights();
const momentum = 0.9;
const steps = 2100;

function check(
  lr: Parameters<typeof equivalentSchedule>[0]["lr"],
  weightDecay: Parameters<typeof equivalentSchedule>[0]["weightDecay"],
) {
  const exact = equivalentSchedule({ lr, weightDecay, momentum, steps });
  const withWD = runSgd({ loss, w0, steps, lr, weightDecay, momentum });
  const without = runSgd({ loss, w0, steps, lr: exact.lr, weightDecay: 0, momentum });
  return { direction: directionError(withWD, without), ratio: ratioError(withWD, without, exact.scale) };
}

describe("equivalentSchedule", () => {
  it("Step Decay + WD ≡ the exact equivalent schedule (zero buffers, no correction) through two boundaries", (t) => {
    const { direction, ratio } = check(stepDecay([700, 1400], [0.1, 0.01, 0.001]), 5e-3);
    t.diagnostic(`direction error ${direction.toExponential(2)}, ratio error ${ratio.toExponential(2)}`);
    assert.ok(direction < 1e-10 && ratio < 1e-10, `direction ${direction}, ratio ${ratio}`);
  });

  it("holds for smoothly varying LR and weight decay schedules", (t) => {
    const lr = makeSchedule(
      { kind: "test.cosine" },
      (k) => 0.001 + 0.05 * (1 + Math.cos((Math.PI * k) / steps)),
    );
    const weightDecay = makeSchedule({ kind: "test.ramp" }, (k) => 1e-3 * (1 + k / steps));
    const { direction, ratio } = check(lr, weightDecay);
    t.diagnostic(`direction error ${direction.toExponential(2)}, ratio error ${ratio.toExponential(2)}`);
    assert.ok(direction < 1e-10 && ratio < 1e-10, `direction ${direction}, ratio ${ratio}`);
  });

  it("with constant (η, λ), ρ_k → α from ρ_0 = 1 − ηλ", () => {
    const h = { lr: 0.1, weightDecay: 5e-4, momentum };
    const exact = equivalentSchedule({ ...h, steps });
    const a = alpha(h);
    assert.equal(exact.rho(0), 1 - h.lr * h.weightDecay);
    assert.ok(Math.abs(exact.rho(0) - a) > 1e-5);
    assert.ok(Math.abs(exact.rho(steps - 1) - a) < 1e-14, `ρ_${steps - 1} − α = ${exact.rho(steps - 1) - a}`);
    assert.equal(exact.scale(2), exact.rho(0) * exact.rho(1));
    assert.equal(exact.lr(1), h.lr / (exact.scale(1) * exact.scale(2)));
  });

  it("describes itself as JSON, with its input schedules as specs", () => {
    const lr = stepDecay([2], [0.1, 0.01]);
    const exact = equivalentSchedule({ lr, weightDecay: 1e-3, momentum, steps: 4 });
    assert.deepEqual(JSON.parse(JSON.stringify(exact.lr)), {
      kind: "theory.equivalentSchedule",
      lr: JSON.parse(JSON.stringify(lr.spec)),
      weightDecay: 1e-3,
      momentum,
      steps: 4,
    });
  });

  it("refuses bad input and steps outside the computed range", () => {
    assert.throws(
      () => equivalentSchedule({ lr: 0.1, weightDecay: 1e-3, momentum, steps: 0 }),
      /steps must be/,
    );
    const zeroAt3 = makeSchedule({ kind: "test" }, (k) => (k === 3 ? 0 : 0.1));
    assert.throws(
      () => equivalentSchedule({ lr: zeroAt3, weightDecay: 1e-3, momentum, steps: 5 }),
      /at step 3: lr must be > 0, got 0/,
    );
    assert.throws(() => equivalentSchedule({ lr: 2, weightDecay: 1, momentum, steps: 5 }), /ρ_0 = -1 ≤ 0/);
    assert.throws(
      () => equivalentSchedule({ lr: 0.1, weightDecay: -1, momentum, steps: 5 }),
      /weightDecay must be ≥ 0/,
    );
    const exact = equivalentSchedule({ lr: 0.1, weightDecay: 1e-3, momentum, steps: 5 });
    assert.throws(() => exact.lr(5), /past the last step 4/);
    assert.equal(typeof exact.scale(5), "number");
  });
});
