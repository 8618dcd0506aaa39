import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../src/random.js";

describe("seededRandom", () => {
  it("repeats its stream for the same seed and differs across seeds", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed).uniform);
    assert.deepEqual(draw(42), draw(42));
    assert.notDeepEqual(draw(42), draw(43));
  });

  it("draws normals with mean ≈ 0 and variance ≈ 1", () => {
    const r = seededRandom(1);
    const xs = Array.from({ length: 20000 }, r.normal);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`);
  });

  it("rejects a seed that is not an integer", () => {
    assert.throws(() => seededRandom(Number.NaN), /integer/);
  });
});
