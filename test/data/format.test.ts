import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeRecords, encodeRecords, IMAGE_BYTES, RECORD_BYTES } from "../../src/data/format.js";
import { randomSet } from "./fixture.js";

describe("CIFAR-10 binary records", () => {
  it("puts the label byte first, then the R, G and B planes", () => {
    const set = randomSet(2, 3);
    const bytes = encodeRecords(set);
    assert.equal(bytes.length, 2 * RECORD_BYTES);
    assert.equal(bytes[RECORD_BYTES], set.labels[1]);
    // Pixel (y=5, x=7) of image 1, channel G: NHWC offset ((5·32+7)·3+1), plane offset 1 + 1024 + 5·32 + 7.
    const p = 5 * 32 + 7;
    assert.equal(bytes[RECORD_BYTES + 1 + 1024 + p], set.images[IMAGE_BYTES + 3 * p + 1]);
    assert.equal(bytes[RECORD_BYTES + 1 + 2048 + p], set.images[IMAGE_BYTES + 3 * p + 2]);
  });

  it("decodes what it encodes, also from several buffers in order", () => {
    const a = randomSet(3, 1);
    const b = randomSet(2, 2, 5);
    assert.deepEqual(decodeRecords(encodeRecords(a)), a);
    const both = decodeRecords([encodeRecords(a), encodeRecords(b)]);
    assert.equal(both.count, 5);
    assert.deepEqual(both.labels, Uint8Array.from([...a.labels, ...b.labels]));
    assert.deepEqual(both.images.subarray(3 * IMAGE_BYTES), b.images);
  });

  it("rejects a truncated buffer and a label outside 0..9", () => {
    const bytes = encodeRecords(randomSet(2, 1));
    assert.throws(() => decodeRecords(bytes.subarray(0, bytes.length - 1), "x.bin"), /x\.bin has 6145 bytes/);
    bytes[RECORD_BYTES] = 10;
    assert.throws(() => decodeRecords(bytes), /image 1 has label 10/);
  });
});
