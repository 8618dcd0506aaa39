import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { angleBetween, directionDistance, maxAbsDifference, norm } from "../src/vectors.js";

describe("vector distances", () => {
  it("measures norms, directions and angles", () => {
    assert.equal(norm([3, 4]), 5);
    assert.equal(directionDistance([1, 0], [5, 0]), 0);
    assert.ok(Math.abs(angleBetween([1, 0], [0, 2]) - Math.PI / 2) < 1e-15);
    assert.ok(Math.abs(angleBetween([1, 0], [-1, 0]) - Math.PI) < 1e-15);
  });

  it("keeps the digits of tiny angles, which acos would lose", () => {
    const theta = 1e-12;
    assert.ok(Math.abs(angleBetween([1, 0], [Math.cos(theta), Math.sin(theta)]) / theta - 1) < 1e-6);
  });

  it("rejects vectors of different lengths", () => {
    assert.throws(() => maxAbsDifference([1], [1, 2]), /lengths 1 and 2/);
  });
});
