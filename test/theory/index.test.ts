import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { theory } from "../../src/index.js";

describe("theory namespace", () => {
  it("is exported from the package entry", () => {
    for (const name of [
      "alpha",
      "expLR",
      "texp",
      "equivalentSchedule",
      "rescale",
      "checkLossScaleInvariance",
    ] as const) {
      assert.equal(typeof theory[name], "function", name);
    }
    assert.ok(
      Math.abs(theory.epochGrowth({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9 }, 391) - 1.481233) < 1e-6,
    );
  });
});
