import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { oneCycle } from "../../src/schedule/one-cycle.js";

describe("oneCycle", () => {
  it("rises from max/divFactor to max, then falls to the final value and holds it", () => {
    const s = oneCycle({ max: 1, steps: 101, pctStart: 0.2, divFactor: 10, finalDivFactor: 100 });
    assert.ok(Math.abs(s(0) - 0.1) < 1e-15);
    const peak = Math.max(...Array.from({ length: 101 }, (_, k) => s(k)));
    assert.equal(peak, s(Math.round(0.2 * 101 - 1)));
    assert.ok(Math.abs(s(100) - 0.001) < 1e-15);
    assert.equal(s(500), s(100));
  });

  it("linear anneal is piecewise linear", () => {
    const s = oneCycle({
      max: 1,
      steps: 11,
      pctStart: 0.5,
      anneal: "linear",
      divFactor: 2,
      finalDivFactor: 1,
    });
    // phases end at 4.5 and 10: 0.5 → 1 over 4.5 steps, then 1 → 0.5
    assert.ok(Math.abs(s(2) - (0.5 + (0.5 * 2) / 4.5)) < 1e-15);
  });

  it("three phases come back to the start value before the final fall", () => {
    const s = oneCycle({ max: 1, steps: 100, pctStart: 0.25, threePhase: true, divFactor: 4 });
    assert.ok(Math.abs(s(48) - 0.25) < 1e-12);
  });

  it("refuses empty phases and unknown anneal strategies", () => {
    assert.throws(() => oneCycle({ max: 1, steps: 10, pctStart: 0.1 }), /leaves an empty phase/);
    assert.throws(() => oneCycle({ max: 1, steps: 100, pctStart: 0.6, threePhase: true }), /pctStart < 0.5/);
    assert.throws(
      () => oneCycle({ max: 1, steps: 100, anneal: "exp" as never }),
      /anneal must be "cos" or "linear"/,
    );
    assert.throws(() => oneCycle({ max: 0, steps: 100 }), /max must be > 0/);
  });
});
