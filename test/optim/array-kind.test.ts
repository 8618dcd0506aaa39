import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sameShape } from "../../src/optim/array-kind.js";

describe("sameShape", () => {
  it("compares rank and every dimension", () => {
    assert.equal(sameShape([2, 3], [2, 3]), true);
    assert.equal(sameShape([2, 3], [3, 2]), false);
    assert.equal(sameShape([6], [2, 3]), false);
    assert.equal(sameShape([], []), true);
  });
});
