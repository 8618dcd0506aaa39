import { randomInt } from "../random.js";
import { CHANNELS, IMAGE_BYTES, IMAGE_SIZE } from "./format.js";

/**
 * One image's augmentation: a shift (dy, dx) ∈ [−padding, padding]² and an optional horizontal flip.
 * Shift (dy, dx) equals cropping 32×32 at offset (padding + dy, padding + dx) from the image zero-padded by
 * `padding` on every side.
 */
export interface Augmentation {
  readonly dy: number;
  readonly dx: number;
  readonly flip: boolean;
}

/** The standard CIFAR augmentation draw: uniform shifts in [−padding, padding] and a fair coin for the flip. */
export function drawAugmentation(random: () => number, padding = 4): Augmentation {
  return {
    dy: randomInt(random, 2 * padding + 1) - padding,
    dx: randomInt(random, 2 * padding + 1) - padding,
    flip: random() < 0.5,
  };
}

/**
 * Writes image `from` of `source` (NHWC bytes), cropped-and-flipped, as image `to` of `target`:
 *
 *     target(y, x) = source(y + dy, x' + dx), x' = flip ? 31 − x : x, and 0 (black) where that is outside
 *
 * so the crop happens before the flip, as in torchvision's RandomCrop(32, padding=4) then RandomHorizontalFlip.
 */
export function augmentImage(
  source: Uint8Array,
  from: number,
  target: Uint8Array,
  to: number,
  { dy, dx, flip }: Augmentation,
): void {
  const inBase = from * IMAGE_BYTES;
  const outBase = to * IMAGE_BYTES;
  target.fill(0, outBase, outBase + IMAGE_BYTES);
  const rowBytes = IMAGE_SIZE * CHANNELS;
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const sy = y + dy;
    if (sy < 0 || sy >= IMAGE_SIZE) continue;
    const inRow = inBase + sy * rowBytes;
    const outRow = outBase + y * rowBytes;
    if (!flip) {
      // A contiguous run of source columns [max(0, dx), min(32, 32 + dx)) lands at x = column − dx.
      const start = Math.max(0, dx);
      const end = Math.min(IMAGE_SIZE, IMAGE_SIZE + dx);
      target.set(
        source.subarray(inRow + start * CHANNELS, inRow + end * CHANNELS),
        outRow + (start - dx) * CHANNELS,
      );
      continue;
    }
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const sx = IMAGE_SIZE - 1 - x + dx;
      if (sx < 0 || sx >= IMAGE_SIZE) continue;
      const i = inRow + sx * CHANNELS;
      const o = outRow + x * CHANNELS;
      target[o] = source[i];
      target[o + 1] = source[i + 1];
      target[o + 2] = source[i + 2];
    }
  }
}
