import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deriveSeed, mulberry32, randomInt, shuffledIndices } from "../src/random.js";

describe("mulberry32", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 5 }, () => b()),
    );
    assert.notDeepEqual(
      xs,
      Array.from({ length: 5 }, () => c()),
    );
  });

  it("gives the reference value of mulberry32 for seed 42", () => {
    assert.equal(mulberry32(42)(), 0.6011037519201636);
  });

  it("stays in [0, 1) with a mean near 1/2", () => {
    const random = mulberry32(1);
    let sum = 0;
    for (let i = 0; i < 10000; i++) {
      const x = random();
      assert.ok(x >= 0 && x < 1);
      sum += x;
    }
    assert.ok(Math.abs(sum / 10000 - 0.5) < 0.02);
  });

  it("refuses a non-integer seed", () => {
    assert.throws(() => mulberry32(0.5), TypeError);
  });
});

describe("shuffledIndices", () => {
  it("is a permutation, fixed by the seed", () => {
    const order = shuffledIndices(100, mulberry32(3));
    assert.deepEqual(
      Array.from(order).sort((x, y) => x - y),
      Array.from({ length: 100 }, (_, i) => i),
    );
    assert.deepEqual(order, shuffledIndices(100, mulberry32(3)));
    assert.notDeepEqual(order, shuffledIndices(100, mulberry32(4)));
  });

  it("puts each element first about equally often", () => {
    const firsts = [0, 0, 0, 0];
    const random = mulberry32(5);
    for (let i = 0; i < 4000; i++) firsts[shuffledIndices(4, random)[0]]++;
    for (const n of firsts) assert.ok(Math.abs(n - 1000) < 120, `${firsts}`);
  });
});

describe("randomInt and deriveSeed", () => {
  it("randomInt covers 0..n−1 only", () => {
    const random = mulberry32(2);
    const seen = new Set(Array.from({ length: 500 }, () => randomInt(random, 9)));
    assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("derives distinct, repeatable seeds per stream", () => {
    assert.equal(deriveSeed(1, 0), deriveSeed(1, 0));
    assert.notEqual(deriveSeed(1, 0), deriveSeed(1, 1));
    assert.notEqual(deriveSeed(1, 0), deriveSeed(2, 0));
  });
});
