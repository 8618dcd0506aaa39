import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { convInfo } from "../../src/backend/conv-geometry.js";

describe("convInfo", () => {
  it("gives tfjs's geometry of a channels-last convolution", () => {
    const info = convInfo([2, 9, 10, 3], [3, 3, 3, 8], { strides: 2, pad: "same" });
    assert.deepEqual(info.outShape, [2, 5, 5, 8]);
    assert.deepEqual(info.padInfo, { top: 1, bottom: 1, left: 0, right: 1, type: "SAME" });
    assert.equal(info.strideHeight, 2);
  });

  it("refuses channels-first", () => {
    assert.throws(
      () => convInfo([1, 3, 4, 4], [1, 1, 3, 3], { strides: 1, pad: "valid", dataFormat: "NCHW" }),
      /NHWC' only/,
    );
  });
});
