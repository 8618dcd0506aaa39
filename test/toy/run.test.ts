import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runToy, type ToyHistory } from "../../src/toy/run.js";

const steps = 12_000;
const lateFrom = 6_000;

function late(values: Float64Array): Float64Array {
  return values.subarray(lateFrom);
}

function max(values: Float64Array): number {
  return values.reduce((m, x) => Math.max(m, x), -Infinity);
}

/** Steps between successive upward crossings of 1% error in the late window. */
function spikePeriods(history: ToyHistory): number[] {
  const starts: number[] = [];
  for (let k = lateFrom + 1; k < history.error.length; k++) {
    if (history.error[k] > 1e-2 && history.error[k - 1] <= 1e-2) starts.push(k);
  }
  return starts.slice(1).map((s, i) => s - starts[i]);
}

describe("the toy example of Section 3", () => {
  const wd = runToy({ variant: "wd", steps });
  const bn = runToy({ variant: "bn", steps });
  const both = runToy({ variant: "bn+wd", steps });

  it("with WD only, the error converges to zero and stays there", () => {
    assert.ok(max(late(wd.error)) < 1e-12, `late max error ${max(late(wd.error))}`);
  });

  it("with BN only, the error converges to zero and stays there", () => {
    assert.ok(max(late(bn.error)) < 1e-12, `late max error ${max(late(bn.error))}`);
  });

  it("with BN + WD, the error keeps spiking back above 1% at a regular period", () => {
    assert.ok(max(late(both.error)) > 1e-2, `late max error ${max(late(both.error))}`);
    const periods = spikePeriods(both);
    assert.ok(periods.length >= 5, `only ${periods.length + 1} spikes`);
    assert.ok(Math.max(...periods) - Math.min(...periods) <= 2, `periods ${periods}`);
  });

  it("with BN + WD, the effective LR η/‖w‖² rises between spikes and drops at them", () => {
    const window = late(both.effectiveLR);
    assert.ok(max(window) > 2 * window.reduce((m, x) => Math.min(m, x), Infinity));
  });

  it("the same ηλ gives the same late-time cycle", () => {
    const scaled = runToy({ variant: "bn+wd", steps, lr: 0.1, weightDecay: 1e-2 });
    const [a, b] = [spikePeriods(both), spikePeriods(scaled)];
    assert.ok(Math.abs(a[a.length - 1] - b[b.length - 1]) <= 0.02 * a[a.length - 1], `periods ${a} vs ${b}`);
    assert.ok(Math.abs(max(late(both.error)) - max(late(scaled.error))) < 0.05 * max(late(both.error)));
  });

  it("rejects bad hyperparameters", () => {
    assert.throws(() => runToy({ variant: "wd", lr: -1 }), /lr must be positive/);
    assert.throws(() => runToy({ variant: "wd", weightDecay: Number.NaN }), /weightDecay/);
    assert.throws(() => runToy({ variant: "wd", steps: 1.5 }), /steps/);
  });
});
