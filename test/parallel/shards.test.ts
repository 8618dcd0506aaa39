import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shardRanges, weightedSum } from "../../src/parallel/shards.js";

describe("shardRanges", () => {
  it("covers the batch with contiguous shards whose sizes differ by at most one", () => {
    assert.deepEqual(shardRanges(10, 3), [
      { start: 0, end: 4 },
      { start: 4, end: 7 },
      { start: 7, end: 10 },
    ]);
    assert.deepEqual(shardRanges(128, 2), [
      { start: 0, end: 64 },
      { start: 64, end: 128 },
    ]);
    assert.deepEqual(shardRanges(5, 1), [{ start: 0, end: 5 }]);
  });

  it("refuses fewer samples than shards and non-integer or zero shard counts", () => {
    assert.throws(() => shardRanges(1, 2), /batch of 1 samples cannot feed 2 workers; use a batch ≥ 2/);
    assert.throws(() => shardRanges(8, 0), /into 0 shards; use an integer ≥ 1/);
    assert.throws(() => shardRanges(8, 1.5), RangeError);
  });
});

describe("weightedSum", () => {
  it("turns per-shard means into the whole-batch mean", () => {
    // Shards of 3 and 1 samples with means 2 and 6: the batch mean is (3·2 + 1·6)/4 = 3.
    const out = weightedSum([Float32Array.of(2, -1), Float32Array.of(6, 3)], [0.75, 0.25]);
    assert.deepEqual(Array.from(out), [3, 0]);
  });

  it("refuses mismatched lengths and missing weights", () => {
    assert.throws(
      () => weightedSum([Float32Array.of(1), Float32Array.of(1, 2)], [0.5, 0.5]),
      /1 and 2 values/,
    );
    assert.throws(() => weightedSum([Float32Array.of(1)], [0.5, 0.5]), /1 arrays and 2 weights/);
    assert.throws(() => weightedSum([], []), RangeError);
  });
});
