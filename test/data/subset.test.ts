import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IMAGE_BYTES } from "../../src/data/format.js";
import { classCounts, pick, subsetPerClass } from "../../src/data/subset.js";
import { randomSet } from "./fixture.js";

describe("subsets", () => {
  const set = randomSet(35, 4); // labels 0..9 cycling: classes 0–4 have 4 images, 5–9 have 3

  it("counts classes", () => {
    assert.deepEqual(classCounts(set.labels), [4, 4, 4, 4, 4, 3, 3, 3, 3, 3]);
  });

  it("takes the first N of each class in the original order", () => {
    const subset = subsetPerClass(set, 2);
    assert.equal(subset.count, 20);
    assert.deepEqual(classCounts(subset.labels), new Array(10).fill(2));
    assert.deepEqual(subset.images.subarray(0, 20 * IMAGE_BYTES), set.images.subarray(0, 20 * IMAGE_BYTES));
  });

  it("says which class is short, and rejects a non-positive N", () => {
    assert.throws(() => subsetPerClass(set, 4), /class 5 has only 3 images, fewer than perClass = 4/);
    assert.throws(() => subsetPerClass(set, 0), RangeError);
  });

  it("picks images by index, and rejects an index out of range", () => {
    const picked = pick(set, [7, 2]);
    assert.deepEqual(picked.labels, Uint8Array.of(7, 2));
    assert.deepEqual(
      picked.images.subarray(IMAGE_BYTES),
      set.images.subarray(2 * IMAGE_BYTES, 3 * IMAGE_BYTES),
    );
    assert.throws(() => pick(set, [35]), /index 35 is outside 0\.\.34/);
  });
});
