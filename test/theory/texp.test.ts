import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alpha } from "../../src/theory/alpha.js";
import { equivalentSchedule } from "../../src/theory/equivalent-schedule.js";
import { expLR } from "../../src/theory/exp-lr.js";
import { texp } from "../../src/theory/texp.js";
import { directionError, ratioError, runSgd, startingWeights, stepDecay, testLoss } from "./harness.js";

const loss = testLoss();
const w0 = startingWeights();
const boundaries = [700, 1400];
const lrs = [0.1, 0.01, 0.001];
const steps = 2100;
const weightDecay = 5e-3;
const momentum = 0.9;
const stepDecayRun = runSgd({ loss, w0, steps, lr: stepDecay(boundaries, lrs), weightDecay, momentum });
const schedule = texp({ boundaries, lrs, weightDecay, momentum });

describe("texp", () => {
  it(`Step Decay + WD ≡ TEXP with the momentum corrections through ${boundaries.length} boundaries`, (t) => {
    const run = runSgd({
      loss,
      w0,
      steps,
      lr: schedule.lr,
      weightDecay: 0,
      momentum,
      momentumCorrection: schedule.momentumCorrection,
    });
    const direction = directionError(stepDecayRun, run);
    const ratio = ratioError(stepDecayRun, run, schedule.scale);
    t.diagnostic(`direction error ${direction.toExponential(2)}, ratio error ${ratio.toExponential(2)}`);
    assert.ok(direction < 1e-10, `direction error ${direction}`);
    assert.ok(ratio < 1e-10, `ratio error ${ratio}`);
  });

  it("fails measurably without the boundary corrections (initial buffer kept)", (t) => {
    const run = runSgd({
      loss,
      w0,
      steps,
      lr: schedule.lr,
      weightDecay: 0,
      momentum,
      momentumCorrection: (k) => (k === 0 ? schedule.momentumCorrection(0) : 0),
    });
    const beforeBoundary = directionError(
      stepDecayRun.slice(0, boundaries[0] + 1),
      run.slice(0, boundaries[0] + 1),
    );
    const direction = directionError(stepDecayRun, run);
    t.diagnostic(
      `without boundary corrections: ${direction.toExponential(2)} (before the first boundary ${beforeBoundary.toExponential(2)})`,
    );
    assert.ok(beforeBoundary < 1e-10, `before the first boundary ${beforeBoundary}`);
    assert.ok(direction > 1e-6, `without corrections the error is only ${direction}`);
  });

  it("follows the closed form: η̃_0 = η_0/α_0, ×α_I^{−2} per step, ×(η_I/η_{I−1})/(α_{I−1}α_I) at a boundary", () => {
    const a = lrs.map((lr) => alpha({ lr, weightDecay, momentum }));
    assert.deepEqual(schedule.alphas, a);
    const close = (x: number, y: number) => Math.abs(x / y - 1) < 1e-13;
    assert.ok(close(schedule.lr(0), lrs[0] / a[0]));
    assert.ok(close(schedule.lr(500) / schedule.lr(499), a[0] ** -2));
    assert.ok(close(schedule.lr(1000) / schedule.lr(999), a[1] ** -2));
    assert.ok(close(schedule.lr(700) / schedule.lr(699), lrs[1] / lrs[0] / (a[0] * a[1])));
    assert.ok(close(schedule.lr(1400) / schedule.lr(1399), lrs[2] / lrs[1] / (a[1] * a[2])));
    assert.ok(close(schedule.scale(701), a[0] ** 700 * a[1]));
    assert.deepEqual(
      [0, 1, 699, 700, 701, 1399, 1400, 1401].map((k) => schedule.momentumCorrection(k) !== 0),
      [true, false, false, true, false, false, true, false],
    );
  });

  it("κ_T equals the paper's boundary correction ṽ ← α_{I−1}ṽ + (1−α_{I−1}) w̃_{T−1}/η̃_{T−1} − (1−α_I) w̃_T/(α_I² η̃_T)", () => {
    const T = boundaries[0];
    const [before, after] = schedule.alphas;
    const v = [0.3, -1.2, 2.5];
    const wT = [1.1, 0.4, -0.7];
    // PyTorch convention: w̃_T = w̃_{T−1} − η̃_{T−1} ṽ, with ṽ the buffer after step T − 1.
    const wPrevious = wT.map((x, i) => x + schedule.lr(T - 1) * v[i]);
    const paper = v.map(
      (vi, i) =>
        before * vi +
        ((1 - before) * wPrevious[i]) / schedule.lr(T - 1) -
        ((1 - after) * wT[i]) / (after * after * schedule.lr(T)),
    );
    const contract = v.map((vi, i) => vi + schedule.momentumCorrection(T) * wT[i]);
    // The paper's form adds and subtracts terms of size |w̃|/η̃ ≈ 1e3 · |ṽ|, so compare to that scale.
    const termScale = Math.abs(wPrevious[0] / schedule.lr(T - 1));
    for (let i = 0; i < v.length; i++) {
      assert.ok(Math.abs(paper[i] - contract[i]) < 1e-13 * termScale, `${paper[i]} vs ${contract[i]}`);
    }
    // Small (κ_T ≈ 1.6e-6 here), yet without it the runs part by ~1e-5 (the negative test above).
    assert.ok(Math.abs(paper[0] - v[0]) > 1e-6, "the correction changes the buffer");
  });

  it("gives the same network function as the exact equivalent schedule", () => {
    const exact = equivalentSchedule({ lr: stepDecay(boundaries, lrs), weightDecay, momentum, steps: 300 });
    const short = { loss, w0, steps: 300, weightDecay: 0, momentum };
    const a = runSgd({ ...short, lr: exact.lr });
    const b = runSgd({ ...short, lr: schedule.lr, momentumCorrection: schedule.momentumCorrection });
    assert.ok(directionError(a, b) < 1e-10);
  });

  it("with γ = 0 needs no correction and is exact", () => {
    const plain = texp({ boundaries, lrs, weightDecay, momentum: 0 });
    assert.deepEqual([0, 700, 1400].map(plain.momentumCorrection), [0, 0, 0]);
    assert.equal(plain.alphas[1], 1 - lrs[1] * weightDecay);
    const short = { loss, w0, steps, momentum: 0 };
    const withWD = runSgd({ ...short, lr: stepDecay(boundaries, lrs), weightDecay });
    const without = runSgd({ ...short, lr: plain.lr, weightDecay: 0 });
    assert.ok(directionError(withWD, without) < 1e-10);
    assert.ok(ratioError(withWD, without, plain.scale) < 1e-10);
  });

  it("without boundaries is the exponential schedule", () => {
    const h = { lr: 0.1, weightDecay: 5e-4, momentum };
    const single = texp({ boundaries: [], lrs: [h.lr], weightDecay: h.weightDecay, momentum });
    const exp = expLR(h);
    for (const k of [0, 1, 1000]) {
      assert.ok(Math.abs(single.lr(k) / exp.lr(k) - 1) < 1e-13);
      assert.equal(single.momentumCorrection(k), exp.momentumCorrection(k));
    }
  });

  it("refuses bad input", () => {
    const base = { weightDecay, momentum };
    assert.throws(() => texp({ ...base, boundaries: [10], lrs: [0.1] }), /1 lrs for 1 boundaries/);
    assert.throws(
      () => texp({ ...base, boundaries: [10, 10], lrs: [0.1, 0.01, 0.001] }),
      /strictly increasing/,
    );
    assert.throws(() => texp({ ...base, boundaries: [0], lrs: [0.1, 0.01] }), /strictly increasing and > 0/);
    assert.throws(() => texp({ ...base, boundaries: [10], lrs: [0.1, -0.01] }), /lr must be > 0/);
    assert.throws(() => texp({ ...base, boundaries: [10], lrs: [1, 0.1] }), /λη = 0.005 exceeds/);
    assert.throws(() => schedule.lr(1.5), /integer ≥ 0/);
  });
});
