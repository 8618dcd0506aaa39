import { CHANNELS } from "./format.js";

/** Per-channel (R, G, B) mean and standard deviation of pixel values scaled to [0, 1]. */
export interface ChannelStats {
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/**
 * CIFAR-10's training-set statistics, the usual normalization constants: over all 50 000 · 1024 pixels of a
 * channel, mean = Σx/n and std = √(Σx²/n − mean²) with x = byte/255. (The often-copied std 0.2023, 0.1994, 0.2010
 * is the mean of per-image stds, a different quantity.) `channelStats(train.images)` recomputes them.
 */
export const CIFAR10_STATS: ChannelStats = {
  mean: [0.4914, 0.4822, 0.4465],
  std: [0.247, 0.2435, 0.2616],
};

/**
 * Per-channel mean and population std of NHWC bytes, scaled to [0, 1]. Sums are kept as exact integers, so the
 * result does not depend on the order of the pixels.
 * @example channelStats(Uint8Array.of(0, 0, 0, 255, 255, 255)) // mean [0.5, 0.5, 0.5], std [0.5, 0.5, 0.5]
 */
export function channelStats(images: Uint8Array): ChannelStats {
  const sum = [0, 0, 0];
  const squares = [0, 0, 0];
  for (let i = 0; i < images.length; i += CHANNELS) {
    for (let c = 0; c < CHANNELS; c++) {
      const x = images[i + c];
      sum[c] += x;
      squares[c] += x * x;
    }
  }
  const n = images.length / CHANNELS;
  const mean = sum.map((s) => s / n / 255);
  const std = squares.map((q, c) => Math.sqrt(Math.max(0, q / n / 65025 - mean[c] * mean[c])));
  return { mean: [mean[0], mean[1], mean[2]], std: [std[0], std[1], std[2]] };
}

/**
 * NHWC bytes as float32, normalized per channel: out = (byte/255 − mean[c]) / std[c].
 * Writes into `out` when given (it must have the same length).
 */
export function normalize(
  images: Uint8Array,
  stats: ChannelStats = CIFAR10_STATS,
  out?: Float32Array,
): Float32Array {
  const result = out ?? new Float32Array(images.length);
  if (result.length !== images.length) {
    throw new RangeError(`output has ${result.length} elements but the images have ${images.length}`);
  }
  const scale = stats.std.map((s) => 1 / (255 * s));
  const shift = stats.mean.map((m, c) => m / stats.std[c]);
  for (let i = 0; i < images.length; i += CHANNELS) {
    for (let c = 0; c < CHANNELS; c++) result[i + c] = images[i + c] * scale[c] - shift[c];
  }
  return result;
}
