/**
 * TensorBoard's event files, written without TensorFlow: a file is a sequence of TFRecords (a little-endian uint64
 * length, its masked CRC-32C, the bytes, their masked CRC-32C), each holding one `Event` protocol buffer. Only the
 * few fields scalars need are encoded, by hand:
 *
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }    Value { string tag = 1; float simple_value = 2; }
 */

const CASTAGNOLI = 0x82f63b78;
const crcTable = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CASTAGNOLI : c >>> 1;
  return c >>> 0;
});

/** CRC-32C (Castagnoli), as TFRecord uses. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotated right by 15 bits plus a constant, so a CRC of CRCs stays informative. */
export function maskedCrc(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** One TFRecord around `data`. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc(record.subarray(0, 8)), true);
  record.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc(data), true);
  return record;
}

function varint(value: bigint): number[] {
  const bytes: number[] = [];
  let rest = BigInt.asUintN(64, value);
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return bytes;
}

/** A length-delimited field (wire type 2). */
function lengthDelimited(field: number, bytes: Uint8Array): number[] {
  return [...varint(BigInt((field << 3) | 2)), ...varint(BigInt(bytes.length)), ...bytes];
}

function littleEndian(write: (view: DataView) => void, size: number): number[] {
  const bytes = new Uint8Array(size);
  write(new DataView(bytes.buffer));
  return [...bytes];
}

/** A scalar of a summary: its tag and value (stored as float32, as TensorBoard's `simple_value`). */
export interface Scalar {
  readonly tag: string;
  readonly value: number;
}

/** An Event holding scalars at one step (or, without scalars, the file's version record). */
export function encodeEvent(event: {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars?: readonly Scalar[];
}): Uint8Array {
  const text = new TextEncoder();
  const bytes: number[] = [0x09, ...littleEndian((v) => v.setFloat64(0, event.wallTime, true), 8)];
  bytes.push(0x10, ...varint(BigInt(event.step)));
  if (event.fileVersion !== undefined) bytes.push(...lengthDelimited(3, text.encode(event.fileVersion)));
  if (event.scalars !== undefined && event.scalars.length > 0) {
    const values = event.scalars.flatMap((scalar) =>
      lengthDelimited(
        1,
        Uint8Array.from([
          ...lengthDelimited(1, text.encode(scalar.tag)),
          0x15,
          ...littleEndian((v) => v.setFloat32(0, scalar.value, true), 4),
        ]),
      ),
    );
    bytes.push(...lengthDelimited(5, Uint8Array.from(values)));
  }
  return Uint8Array.from(bytes);
}

/** The version record every event file starts with. */
export const FILE_VERSION = "brain.Event:2";
