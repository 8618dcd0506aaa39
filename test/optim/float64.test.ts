import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float64Ops } from "../../src/optim/float64.js";

describe("float64Ops", () => {
  it("axpby computes a·x + b·y into a new array", () => {
    const x = Float64Array.from([1, 2]);
    const out = float64Ops.axpby(2, x, -1, Float64Array.from([0.5, 4]));
    assert.deepEqual([...out], [1.5, 0]);
    assert.notEqual(out, x);
  });

  it("refuses arrays of different lengths", () => {
    assert.throws(() => float64Ops.axpby(1, new Float64Array(2), 1, new Float64Array(3)), /length 2 and 3/);
  });

  it("encodes and decodes exactly", () => {
    const x = Float64Array.from([0.1, 1 / 3, -1e-300, 2 ** 60 + 1]);
    const back = float64Ops.decode(JSON.parse(JSON.stringify(float64Ops.encode(x))));
    assert.deepEqual([...back], [...x]);
    assert.deepEqual(float64Ops.shape(x), [4]);
  });

  it("refuses a shape that does not fit the values", () => {
    assert.throws(() => float64Ops.decode({ shape: [2, 2], values: [1, 2, 3, 4] }), /1-D/);
    assert.throws(() => float64Ops.decode({ shape: [3], values: [1] }), /shape \[3\] does not hold 1 values/);
  });
});
