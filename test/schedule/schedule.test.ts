import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { makeSchedule, valueAt } from "../../src/schedule/schedule.js";

describe("makeSchedule", () => {
  const s = makeSchedule({ kind: "test-double", by: 2 }, (k) => 2 * k);

  it("is a function of the step carrying its spec, which JSON.stringify writes", () => {
    assert.equal(s(3), 6);
    assert.deepEqual(s.spec, { kind: "test-double", by: 2 });
    assert.equal(JSON.stringify({ lr: s }), '{"lr":{"kind":"test-double","by":2}}');
  });

  it("refuses a negative or fractional step", () => {
    assert.throws(() => s(-1), /step -1 is not an integer ≥ 0/);
    assert.throws(() => s(1.5), /step 1.5 is not an integer ≥ 0/);
    assert.throws(() => s(Number.NaN), /step NaN/);
  });

  it("valueAt reads numbers and schedules alike", () => {
    assert.equal(valueAt(0.3, 10), 0.3);
    assert.equal(valueAt(s, 10), 20);
  });
});
