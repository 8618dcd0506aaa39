import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { ready } from "../../../src/backend/select.js";
import { heapFloats, heapOffset, type WasmBackend } from "../../../src/backend/wasm/heap.js";

describe("the wasm heap", () => {
  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
  });

  it("views a tensor's elements in place", () => {
    const backend = tf.backend() as unknown as WasmBackend;
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const view = heapFloats(backend, x);
    assert.deepEqual(Array.from(view), [1, 2, 3, 4, 5, 6]);
    assert.equal(view.byteOffset, heapOffset(backend, x));
    x.dispose();
  });
});
