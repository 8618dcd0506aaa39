import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkHyperparameters, checkStep, finiteLR } from "../../src/theory/hyper.js";

describe("hyperparameter checks", () => {
  it("accepts η = 0 only when a positive LR is not required", () => {
    const h = { lr: 0, weightDecay: 0, momentum: 0 };
    assert.doesNotThrow(() => checkHyperparameters("x", h, false));
    assert.throws(() => checkHyperparameters("x", h, true), /x: lr must be > 0, got 0/);
    assert.throws(() => checkHyperparameters("x", { ...h, lr: Number.POSITIVE_INFINITY }, false), TypeError);
  });

  it("checks steps and finite LRs", () => {
    assert.throws(() => checkStep("x", -1), /whole number ≥ 0, got -1/);
    assert.throws(() => checkStep("x", 3, 3), /step 3 is past the last step 2/);
    assert.doesNotThrow(() => checkStep("x", 2, 3));
    assert.equal(finiteLR("x", 2, 1), 2);
    assert.throws(() => finiteLR("x", 0, 9), /x: the equivalent LR at step 9 is 0, outside float64/);
  });
});
