/** CIFAR-10's fixed geometry and its binary file layout (https://www.cs.toronto.edu/~kriz/cifar.html). */

/** Height and width of every image. */
export const IMAGE_SIZE = 32;
/** Colour channels (R, G, B). */
export const CHANNELS = 3;
/** Bytes of one image: 32 · 32 · 3 = 3072. */
export const IMAGE_BYTES = IMAGE_SIZE * IMAGE_SIZE * CHANNELS;
/** Bytes of one record of the binary files: 1 label byte, then 1024 R, 1024 G, 1024 B bytes (row-major planes). */
export const RECORD_BYTES = 1 + IMAGE_BYTES;
/** Number of classes. */
export const NUM_CLASSES = 10;
/** Class names, indexed by label. */
export const CLASS_NAMES = [
  "airplane",
  "automobile",
  "bird",
  "cat",
  "deer",
  "dog",
  "frog",
  "horse",
  "ship",
  "truck",
] as const;
/** The official binary file names, training batches first. */
export const TRAIN_FILES = [
  "data_batch_1.bin",
  "data_batch_2.bin",
  "data_batch_3.bin",
  "data_batch_4.bin",
  "data_batch_5.bin",
] as const;
/** The official binary file of the test split. */
export const TEST_FILE = "test_batch.bin";

/**
 * Labelled images, the unit every data function takes and returns. `images` holds `count` images in NHWC order
 * (image, row, column, channel), bytes 0–255: pixel (y, x) channel c of image i is at `((i·32 + y)·32 + x)·3 + c`.
 */
export interface LabeledImages {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/**
 * Reads records of the CIFAR-10 binary layout (planar RGB per image) into NHWC images and labels; several
 * buffers (the five training batches) are read into one set, in order.
 * Throws a RangeError when a length is not a multiple of 3073 or a label is not in 0..9.
 */
export function decodeRecords(
  buffers: Uint8Array | readonly Uint8Array[],
  what = "CIFAR-10 binary data",
): LabeledImages {
  const parts = buffers instanceof Uint8Array ? [buffers] : buffers;
  for (const bytes of parts) {
    if (bytes.length % RECORD_BYTES !== 0) {
      throw new RangeError(
        `${what} has ${bytes.length} bytes, not a multiple of the ${RECORD_BYTES}-byte record; the file is truncated or not CIFAR-10 binary`,
      );
    }
  }
  const count = parts.reduce((sum, bytes) => sum + bytes.length / RECORD_BYTES, 0);
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  let image = 0;
  let out = 0;
  for (const bytes of parts) {
    for (let record = 0; record < bytes.length; record += RECORD_BYTES, image++) {
      const label = bytes[record];
      if (label >= NUM_CLASSES) {
        throw new RangeError(`${what}: image ${image} has label ${label}, expected 0..${NUM_CLASSES - 1}`);
      }
      labels[image] = label;
      // One pass over the red plane, reading green and blue at fixed offsets: the loop V8 compiles best.
      for (let r = record + 1, end = record + 1 + plane; r < end; r++) {
        images[out++] = bytes[r];
        images[out++] = bytes[r + plane];
        images[out++] = bytes[r + 2 * plane];
      }
    }
  }
  return { images, labels, count };
}

/** Writes NHWC images and labels as records of the CIFAR-10 binary layout; the inverse of `decodeRecords`. */
export function encodeRecords(set: LabeledImages): Uint8Array {
  const bytes = new Uint8Array(set.count * RECORD_BYTES);
  const plane = IMAGE_SIZE * IMAGE_SIZE;
  for (let i = 0; i < set.count; i++) {
    const record = i * RECORD_BYTES;
    bytes[record] = set.labels[i];
    const image = i * IMAGE_BYTES;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < CHANNELS; c++) bytes[record + 1 + c * plane + p] = set.images[image + 3 * p + c];
    }
  }
  return bytes;
}
