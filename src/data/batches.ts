import { deriveSeed, mulberry32, shuffledIndices } from "../random.js";
import { augmentImage, drawAugmentation } from "./augment.js";
import { IMAGE_BYTES, IMAGE_SIZE, type LabeledImages } from "./format.js";
import { type ChannelStats, CIFAR10_STATS, normalize } from "./stats.js";

/** One minibatch: `size` images NHWC (shape [size, 32, 32, 3]) and their labels. */
export interface Batch {
  /** Normalized float32, or the raw bytes with `normalize: "uint8"`. */
  readonly images: Float32Array | Uint8Array;
  readonly labels: Uint8Array;
  readonly size: number;
  readonly shape: readonly [number, number, number, number];
  /** Which images of the set these are, in batch order. */
  readonly indices: Uint32Array;
}

export interface BatchOptions {
  readonly batchSize: number;
  /** Seed of the order and the augmentation; epoch k uses `deriveSeed(seed, k)`. Default 0. */
  readonly seed?: number;
  /** Visit the images in a fresh random order every epoch (default true; false keeps the set's order). */
  readonly shuffle?: boolean;
  /** Drop the last batch when it has fewer than `batchSize` images (default false). */
  readonly dropLast?: boolean;
  /** Random crop with zero padding and horizontal flip (default false). */
  readonly augment?: boolean;
  /** Zero padding of the random crop (default 4). */
  readonly padding?: number;
  /** Per-channel statistics for float32 output (default `CIFAR10_STATS`), or "uint8" for raw bytes. */
  readonly normalize?: ChannelStats | "uint8";
}

/** Batches in one epoch: ⌈n / b⌉, or ⌊n / b⌋ with `dropLast`. */
export function batchesPerEpoch(count: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/**
 * The minibatches of epoch `epoch`, built lazily one at a time. The same (seed, epoch) always gives the same
 * batches; different epochs get independent orders and augmentations.
 * @example for (const batch of epochBatches(train, 0, { batchSize: 128, augment: true })) train(batch)
 */
export function* epochBatches(set: LabeledImages, epoch: number, options: BatchOptions): Generator<Batch> {
  const { batchSize, shuffle = true, dropLast = false, augment = false, padding = 4 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(padding) || padding < 0 || padding >= IMAGE_SIZE) {
    throw new RangeError(`padding must be an integer in 0..${IMAGE_SIZE - 1}, got ${padding}`);
  }
  const random = mulberry32(deriveSeed(options.seed ?? 0, epoch));
  const order = shuffle
    ? shuffledIndices(set.count, random)
    : Uint32Array.from({ length: set.count }, (_, i) => i);
  const batches = batchesPerEpoch(set.count, batchSize, dropLast);
  for (let b = 0; b < batches; b++) {
    const indices = order.slice(b * batchSize, Math.min(set.count, (b + 1) * batchSize));
    const size = indices.length;
    const bytes = new Uint8Array(size * IMAGE_BYTES);
    const labels = new Uint8Array(size);
    for (let k = 0; k < size; k++) {
      const i = indices[k];
      labels[k] = set.labels[i];
      if (augment) augmentImage(set.images, i, bytes, k, drawAugmentation(random, padding));
      else bytes.set(set.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES), k * IMAGE_BYTES);
    }
    const stats = options.normalize ?? CIFAR10_STATS;
    const images = stats === "uint8" ? bytes : normalize(bytes, stats);
    yield { images, labels, size, shape: [size, IMAGE_SIZE, IMAGE_SIZE, 3], indices };
  }
}

/**
 * Yields the items of `items`, preparing item k+1 (in a `setImmediate`) while the consumer works on item k, so a
 * training step that awaits anything (a backend, a GPU read-back) overlaps with building the next batch.
 * Preparation runs on the same thread: it costs its own time but never adds a wait between steps.
 */
export async function* prefetch<T>(items: Iterable<T>): AsyncGenerator<T> {
  const iterator = items[Symbol.iterator]();
  let next = iterator.next();
  try {
    while (!next.done) {
      const current = next.value;
      const upcoming = new Promise<IteratorResult<T>>((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(iterator.next());
          } catch (error) {
            reject(error);
          }
        }),
      );
      // A consumer that stops early never awaits `upcoming`; its error must not become an unhandled rejection.
      upcoming.catch(() => {});
      yield current;
      next = await upcoming;
    }
  } finally {
    iterator.return?.();
  }
}

/**
 * A reusable batch source for training: `epoch(k)` yields epoch k's batches with one batch of prefetch.
 * @example const loader = batchLoader(train, { batchSize: 128, augment: true, seed: 1 });
 *          for (let e = 0; e < 10; e++) for await (const batch of loader.epoch(e)) await step(batch);
 */
export function batchLoader(set: LabeledImages, options: BatchOptions) {
  return {
    batchesPerEpoch: batchesPerEpoch(set.count, options.batchSize, options.dropLast),
    epoch: (epoch: number): AsyncGenerator<Batch> => prefetch(epochBatches(set, epoch, options)),
  };
}
