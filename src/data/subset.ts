import { IMAGE_BYTES, type LabeledImages, NUM_CLASSES } from "./format.js";

/** How many images each class has: `counts[label]`. */
export function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

/** The images at `indices`, in that order (a gather). */
export function pick(set: LabeledImages, indices: ArrayLike<number>): LabeledImages {
  const images = new Uint8Array(indices.length * IMAGE_BYTES);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (!(i >= 0 && i < set.count)) throw new RangeError(`index ${i} is outside 0..${set.count - 1}`);
    images.set(set.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES), k * IMAGE_BYTES);
    labels[k] = set.labels[i];
  }
  return { images, labels, count: indices.length };
}

/**
 * A class-balanced subset: the first `perClass` images of each class, kept in their original order.
 * Throws a RangeError naming the class when one has fewer than `perClass` images.
 * @example subsetPerClass(train, 100).count // 1000
 */
export function subsetPerClass(set: LabeledImages, perClass: number): LabeledImages {
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new RangeError(`perClass must be a positive integer, got ${perClass}`);
  }
  const taken = new Array<number>(NUM_CLASSES).fill(0);
  const indices: number[] = [];
  for (let i = 0; i < set.count && indices.length < perClass * NUM_CLASSES; i++) {
    const label = set.labels[i];
    if (taken[label] < perClass) {
      taken[label]++;
      indices.push(i);
    }
  }
  const short = taken.findIndex((n) => n < perClass);
  if (short >= 0) {
    throw new RangeError(`class ${short} has only ${taken[short]} images, fewer than perClass = ${perClass}`);
  }
  return pick(set, indices);
}
