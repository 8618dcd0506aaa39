import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matmul, matrix } from "../../src/refnet/matrix.js";

describe("matmul", () => {
  const a = matrix(2, 3, Float64Array.of(1, 2, 3, 4, 5, 6));
  const b = matrix(3, 2, Float64Array.of(7, 8, 9, 10, 11, 12));

  it("multiplies, with either factor transposed", () => {
    assert.deepEqual([...matmul(a, b).data], [58, 64, 139, 154]);
    assert.deepEqual([...matmul(a, a, true).data], [17, 22, 27, 22, 29, 36, 27, 36, 45]);
    assert.deepEqual([...matmul(a, a, false, true).data], [14, 32, 32, 77]);
  });

  it("rejects mismatched sizes", () => {
    assert.throws(() => matmul(a, a), /inner sizes 3 and 2/);
    assert.throws(() => matrix(2, 2, new Float64Array(3)), /cannot fill 2×2/);
  });
});
