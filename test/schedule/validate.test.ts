import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  requireFinite,
  requireIncreasingSteps,
  requireInteger,
  requireNonNegative,
  requirePositive,
} from "../../src/schedule/validate.js";

describe("schedule argument checks", () => {
  it("pass valid values through", () => {
    assert.equal(requireFinite("f", "x", -2), -2);
    assert.equal(requireNonNegative("f", "x", 0), 0);
    assert.equal(requirePositive("f", "x", 0.5), 0.5);
    assert.equal(requireInteger("f", "x", 3, 1), 3);
    assert.deepEqual(requireIncreasingSteps("f", "b", [1, 5, 9], 1), [1, 5, 9]);
  });

  it("name the function, the argument and the value", () => {
    assert.throws(() => requireFinite("f", "x", "1"), {
      name: "TypeError",
      message: 'f: x must be a number, got "1"',
    });
    assert.throws(() => requireFinite("f", "x", Number.NaN), /f: x must be finite, got NaN/);
    assert.throws(() => requireNonNegative("f", "init", -0.1), /f: init must be ≥ 0, got -0.1/);
    assert.throws(() => requirePositive("f", "rate", 0), /f: rate must be > 0, got 0/);
    assert.throws(() => requireInteger("f", "steps", 2.5, 1), /steps must be an integer ≥ 1, got 2.5/);
    assert.throws(() => requireInteger("f", "steps", 0, 1), /steps must be an integer ≥ 1, got 0/);
    assert.throws(() => requireIncreasingSteps("f", "b", [5, 5], 1), /got 5 after 5 at index 1/);
    assert.throws(() => requireIncreasingSteps("f", "b", [9, 3], 1), /must increase strictly/);
    assert.throws(() => requireIncreasingSteps("f", "b", 3, 1), /b must be an array/);
    assert.throws(() => requireIncreasingSteps("f", "b", [0, 3], 1), /b\[0\] must be an integer ≥ 1, got 0/);
  });
});
