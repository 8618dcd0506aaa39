import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  asSchedule,
  constant,
  exponential,
  linear,
  multiStep,
  polynomial,
  step,
} from "../../src/schedule/basic.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-15 * Math.max(1, Math.abs(b));

describe("basic schedules", () => {
  it("constant and asSchedule", () => {
    assert.equal(constant(0.1)(1000), 0.1);
    assert.equal(asSchedule(0.2)(5), 0.2);
    const s = constant(0.3);
    assert.equal(asSchedule(s), s);
    assert.throws(() => constant(-1), /schedule.constant: value must be ≥ 0, got -1/);
  });

  it("step: init · factor^⌊k/stepSize⌋", () => {
    const s = step({ init: 1, stepSize: 3, factor: 0.5 });
    assert.deepEqual([0, 2, 3, 5, 6].map(s), [1, 1, 0.5, 0.5, 0.25]);
    assert.equal(step({ init: 1, stepSize: 1 })(1), 0.1);
    assert.throws(() => step({ init: 1, stepSize: 0 }), /stepSize must be an integer ≥ 1, got 0/);
  });

  it("multiStep changes at the boundary step itself", () => {
    const s = multiStep({ init: 0.1, boundaries: [80, 120], factor: 0.1 });
    assert.equal(s(79), 0.1);
    assert.ok(close(s(80), 0.01));
    assert.ok(close(s(120), 0.001));
  });

  it("multiStep takes one factor per boundary, like optax's piecewise constant", () => {
    const s = multiStep({ init: 1, boundaries: [2, 4], factor: [0.5, 3] });
    assert.deepEqual([0, 2, 4].map(s), [1, 0.5, 1.5]);
    assert.throws(
      () => multiStep({ init: 1, boundaries: [2, 4], factor: [0.5] }),
      /1 entries for 2 boundaries/,
    );
    assert.throws(() => multiStep({ init: 1, boundaries: [4, 2] }), /must increase strictly; got 2 after 4/);
    assert.throws(() => multiStep({ init: Number.NaN, boundaries: [] }), /init must be finite, got NaN/);
  });

  it("exponential grows or decays per step, within cap and floor", () => {
    assert.ok(close(exponential({ init: 0.1, rate: 1.01 })(10), 0.1 * 1.01 ** 10));
    const capped = exponential({ init: 1, rate: 2, cap: 5 });
    assert.deepEqual([0, 2, 3, 40].map(capped), [1, 4, 5, 5]);
    const floored = exponential({ init: 1, rate: 0.5, floor: 0.2 });
    assert.deepEqual([1, 2, 3].map(floored), [0.5, 0.25, 0.2]);
    assert.throws(() => exponential({ init: 1, rate: 0 }), /rate must be > 0, got 0/);
    assert.throws(() => exponential({ init: 1, rate: 2, cap: 1, floor: 3 }), /floor 3 is above cap 1/);
    assert.deepEqual(capped.spec, { kind: "exponential", init: 1, rate: 2, cap: 5 });
  });

  it("linear ramps then holds", () => {
    const s = linear({ init: 0, final: 1, steps: 4 });
    assert.deepEqual([0, 1, 4, 9].map(s), [0, 0.25, 1, 1]);
    assert.throws(() => linear({ init: 0, final: -1, steps: 4 }), /final must be ≥ 0/);
  });

  it("polynomial: (init − final)(1 − k/steps)^power + final", () => {
    const s = polynomial({ init: 1, final: 0.1, steps: 10, power: 2 });
    assert.ok(close(s(5), 0.9 * 0.25 + 0.1));
    assert.equal(s(10), 0.1);
    assert.equal(s(50), 0.1);
    assert.throws(() => polynomial({ init: 1, steps: 10, power: 0 }), /power must be > 0/);
  });
});
