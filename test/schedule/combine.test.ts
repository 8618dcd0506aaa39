import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { constant, linear } from "../../src/schedule/basic.js";
import { join, perEpoch, warmup } from "../../src/schedule/combine.js";
import { makeSchedule } from "../../src/schedule/schedule.js";

const identity = makeSchedule({ kind: "test-identity" }, (k) => k);

describe("combinations", () => {
  it("join: the later schedule sees step − boundary", () => {
    const s = join([constant(9), identity, identity], [3, 10]);
    assert.deepEqual([0, 2, 3, 4, 9, 10, 12].map(s), [9, 9, 0, 1, 6, 0, 2]);
    assert.equal(join([5], [])(100), 5);
  });

  it("join refuses wrong lengths and unordered boundaries", () => {
    assert.throws(() => join([1, 2], []), /2 schedules need 1 boundaries, got 0/);
    assert.throws(() => join([1, 2, 3], [5, 5]), /must increase strictly/);
    assert.throws(() => join([], []), /at least one schedule/);
  });

  it("warmup ramps to the schedule's first value, then hands over at its step 0", () => {
    const after = linear({ init: 1, final: 0, steps: 10 });
    const s = warmup({ steps: 4, schedule: after });
    assert.deepEqual([0, 2, 4, 9].map(s), [0, 0.5, 1, 0.5]);
    assert.throws(() => warmup({ steps: 0, schedule: 1 }), /steps must be an integer ≥ 1, got 0/);
  });

  it("perEpoch holds the value through each epoch", () => {
    const s = perEpoch(identity, 3);
    assert.deepEqual([0, 2, 3, 8, 9].map(s), [0, 0, 1, 2, 3]);
  });
});
