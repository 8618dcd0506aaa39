import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NumberKeyMap } from "../../../src/backend/webgpu/number-key-map.js";

/** Writes `numbers` as the map's next key and returns their count. */
function write(map: NumberKeyMap<unknown>, numbers: number[]): number {
  map.reserve(numbers.length);
  map.key.set(numbers);
  return numbers.length;
}

describe("NumberKeyMap", () => {
  it("finds a value by its whole key, and nothing for a key that differs anywhere", () => {
    const map = new NumberKeyMap<string>();
    map.set(write(map, [1, 2, 3]), "a");
    map.set(write(map, [1, 2]), "prefix");
    map.set(write(map, [0.1, -0, Number.NaN]), "odd numbers");
    assert.equal(map.get(write(map, [1, 2, 3])), "a");
    assert.equal(map.get(write(map, [1, 2])), "prefix");
    assert.equal(map.get(write(map, [0.1, -0, Number.NaN])), "odd numbers");
    assert.equal(map.get(write(map, [1, 2, 4])), undefined);
    assert.equal(map.get(write(map, [1, 2, 3, 0])), undefined, "a longer key");
    assert.equal(map.get(write(map, [0.1, 0, Number.NaN])), undefined, "+0 is not −0");
    assert.equal(map.get(write(map, [1 / 10, -0, Number.NaN])), "odd numbers", "the same float64");
    assert.equal(map.get(write(map, [0.10000000000000002, -0, Number.NaN])), undefined);
    assert.equal(map.size, 3);
  });

  it("keeps every one of many similar keys apart", () => {
    const map = new NumberKeyMap<number>();
    for (let i = 0; i < 5000; i++) map.set(write(map, [i % 7, i, i * 0.5, 3]), i);
    for (let i = 0; i < 5000; i++) assert.equal(map.get(write(map, [i % 7, i, i * 0.5, 3])), i);
    assert.equal(map.get(write(map, [0, 1, 0.5, 3])), undefined);
  });

  it("grows its key space for long keys, keeping what was written", () => {
    const map = new NumberKeyMap<string>();
    const long = Array.from({ length: 300 }, (_, i) => i * 1.5);
    map.key[0] = 42;
    map.reserve(300);
    assert.equal(map.key[0], 42);
    map.set(write(map, long), "long");
    assert.equal(map.get(write(map, long)), "long");
  });

  it("deletes the oldest entry first, and empties", () => {
    const map = new NumberKeyMap<string>();
    map.set(write(map, [1]), "first");
    map.set(write(map, [2]), "second");
    assert.equal(map.deleteOldest(), "first");
    assert.equal(map.get(write(map, [1])), undefined);
    assert.equal(map.get(write(map, [2])), "second");
    map.clear();
    assert.equal(map.size, 0);
    assert.equal(map.deleteOldest(), undefined);
  });
});
