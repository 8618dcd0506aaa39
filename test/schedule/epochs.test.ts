import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { multiStep } from "../../src/schedule/basic.js";
import { epochsToSteps, inEpochs } from "../../src/schedule/epochs.js";
import { scheduleBuilders } from "../../src/schedule/kinds.js";

describe("epochs", () => {
  it("epochsToSteps converts whole steps and refuses a boundary between steps", () => {
    assert.equal(epochsToSteps(80, 391), 31280);
    assert.equal(epochsToSteps(0.5, 10), 5);
    assert.throws(
      () => epochsToSteps(0.5, 391),
      /0.5 epochs × 391 steps per epoch = 195.5, not a whole number/,
    );
    assert.throws(() => epochsToSteps(-1, 10), /not a whole number of steps ≥ 0/);
  });

  it("inEpochs has a constructor for every kind whose arguments count steps", () => {
    // constant has no duration; perEpoch's stepsPerEpoch is the conversion itself.
    const withDurations = Object.keys(scheduleBuilders).filter(
      (kind) => !["constant", "perEpoch"].includes(kind),
    );
    assert.deepEqual(Object.keys(inEpochs(391)).sort(), withDurations.sort());
  });

  it("inEpochs builds the step-counting schedule with converted durations", () => {
    const e = inEpochs(391);
    const s = e.multiStep({ init: 0.1, boundaries: [80, 120] });
    assert.deepEqual(s.spec, multiStep({ init: 0.1, boundaries: [31280, 46920] }).spec);
    assert.equal(e.cosine({ init: 1, steps: 2, warmupSteps: 1 }).spec.warmupSteps, 391);
    assert.equal(e.join([1, 2], [3])(3 * 391), 2);
    assert.equal(e.warmup({ steps: 1, schedule: 1 }).spec.steps, 391);
    assert.equal(e.step({ init: 1, stepSize: 30 }).spec.stepSize, 30 * 391);
    assert.equal(e.cosineRestarts({ init: 1, period: 10 }).spec.period, 3910);
    assert.equal(e.linear({ init: 0, final: 1, steps: 1 }).spec.steps, 391);
    assert.equal(e.polynomial({ init: 1, steps: 1 }).spec.steps, 391);
    assert.equal(e.oneCycle({ max: 1, steps: 1 }).spec.steps, 391);
  });

  it("inEpochs.exponential takes a rate per epoch: the paper's 1.481 per epoch", () => {
    const s = inEpochs(391).exponential({ init: 0.1, rate: 1.481 });
    assert.ok(Math.abs(s(391) / 0.1 - 1.481) < 1e-12);
    assert.ok(Math.abs(s(1) / 0.1 - 1.481 ** (1 / 391)) < 1e-15);
  });

  it("refuses a bad number of steps per epoch", () => {
    assert.throws(() => inEpochs(0), /stepsPerEpoch must be an integer ≥ 1, got 0/);
    assert.throws(() => inEpochs(2.5), /stepsPerEpoch must be an integer ≥ 1, got 2.5/);
  });
});
