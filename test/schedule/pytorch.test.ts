import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  constant,
  cosine,
  cosineRestarts,
  exponential,
  join,
  linear,
  multiStep,
  oneCycle,
  polynomial,
  type Schedule,
  step,
  warmup,
} from "../../src/schedule/index.js";

// Written by scripts/pytorch/make_fixtures.py (npm run fixtures:pytorch) with real torch.optim.lr_scheduler.
interface Fixture {
  steps: number;
  schedules: Record<string, { base_lr: number; lrs: number[] }>;
}
const fixture: Fixture = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/pytorch/lr_schedulers.json", import.meta.url), "utf8"),
);
const b = 0.1;

const explr: Record<string, Schedule[]> = {
  StepLR: [step({ init: b, stepSize: 30, factor: 0.1 })],
  MultiStepLR: [multiStep({ init: b, boundaries: [50, 120, 200], factor: 0.1 })],
  ExponentialLR_decay: [exponential({ init: b, rate: 0.99 })],
  ExponentialLR_growth: [exponential({ init: b, rate: 1.001005300601762 })],
  CosineAnnealingLR: [cosine({ init: b, steps: 300, final: 0.001 })],
  CosineAnnealingLR_to_zero: [cosine({ init: b, steps: 300 })],
  CosineAnnealingWarmRestarts_mult1: [cosineRestarts({ init: b, period: 50, final: 0.001 })],
  CosineAnnealingWarmRestarts_mult2: [cosineRestarts({ init: b, period: 20, periodFactor: 2 })],
  LinearLR: [linear({ init: b * 0.1, final: b, steps: 50 })],
  PolynomialLR: [polynomial({ init: b, steps: 200, power: 2 })],
  OneCycleLR_cos: [oneCycle({ max: 0.1, steps: 300 })],
  OneCycleLR_linear: [oneCycle({ max: 0.1, steps: 300, anneal: "linear" })],
  OneCycleLR_three_phase: [oneCycle({ max: 0.1, steps: 300, threePhase: true })],
  ConstantLR: [join([constant(b * 0.5), constant(b)], [40])],
  SequentialLR: [
    join([linear({ init: b * 0.1, final: b, steps: 20 }), cosine({ init: b, steps: 280 })], [20]),
    warmup({ steps: 20, init: b * 0.1, schedule: cosine({ init: b, steps: 280 }) }),
    cosine({ init: b, steps: 300, warmupSteps: 20, warmupInit: b * 0.1 }),
  ],
};

/** Largest |explr − torch| over the sequence, relative to the sequence's peak (values near 0 have no digits). */
function relativeError(schedule: Schedule, lrs: number[]): number {
  const peak = Math.max(...lrs.map(Math.abs));
  return Math.max(...lrs.map((lr, k) => Math.abs(schedule(k) - lr) / peak));
}

describe("schedules match torch.optim.lr_scheduler", () => {
  it("has an explr schedule for every fixture", () => {
    assert.deepEqual(Object.keys(explr).sort(), Object.keys(fixture.schedules).sort());
  });
  for (const [name, { lrs }] of Object.entries(fixture.schedules)) {
    it(`${name}: ${lrs.length} steps within 1e-12 of the peak`, () => {
      assert.equal(lrs.length, fixture.steps);
      for (const schedule of explr[name]) {
        const error = relativeError(schedule, lrs);
        assert.ok(error <= 1e-12, `${schedule.spec.kind}: relative error ${error}`);
      }
    });
  }
  it("a wrong schedule is caught (the comparison can fail)", () => {
    const { lrs } = fixture.schedules.MultiStepLR;
    assert.ok(relativeError(multiStep({ init: b, boundaries: [51, 120, 200] }), lrs) > 0.5);
    const cos = fixture.schedules.CosineAnnealingLR.lrs;
    assert.ok(relativeError(cosine({ init: b, steps: 301, final: 0.001 }), cos) > 1e-4);
  });
});
