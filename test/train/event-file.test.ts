import assert from "node:assert/strict";
import { test } from "node:test";
import { crc32c, encodeEvent, maskedCrc, tfRecord } from "../../src/train/event-file.js";

test("CRC-32C matches the standard check value, and TFRecord's mask is applied", () => {
  const digits = new TextEncoder().encode("123456789");
  assert.equal(crc32c(digits), 0xe3069283);
  const crc = 0xe3069283;
  assert.equal(maskedCrc(digits), (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
});

test("a TFRecord frames its data with the length and both masked CRCs", () => {
  const data = Uint8Array.from([1, 2, 3]);
  const record = tfRecord(data);
  const view = new DataView(record.buffer);
  assert.equal(record.length, 8 + 4 + 3 + 4);
  assert.equal(view.getBigUint64(0, true), 3n);
  assert.equal(view.getUint32(8, true), maskedCrc(record.subarray(0, 8)));
  assert.deepEqual([...record.subarray(12, 15)], [1, 2, 3]);
  assert.equal(view.getUint32(15, true), maskedCrc(data));
});

test("an Event's fields are encoded as protocol buffers", () => {
  const version = encodeEvent({ wallTime: 1, step: 0, fileVersion: "brain.Event:2" });
  assert.deepEqual(
    [...version],
    [0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 0, 0x1a, 13, ...new TextEncoder().encode("brain.Event:2")],
  );
  const scalar = encodeEvent({ wallTime: 1, step: 300, scalars: [{ tag: "a", value: 0.5 }] });
  // step 300 as a varint, then summary { value { tag "a", simple_value 0.5f } }
  assert.deepEqual(
    [...scalar.subarray(9)],
    [0x10, 0xac, 0x02, 0x2a, 10, 0x0a, 8, 0x0a, 1, 0x61, 0x15, 0, 0, 0, 0x3f],
  );
});
