import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { augmentImage, drawAugmentation } from "../../src/data/augment.js";
import { IMAGE_BYTES } from "../../src/data/format.js";
import { mulberry32 } from "../../src/random.js";
import { randomSet } from "./fixture.js";

const set = randomSet(2, 21);
const at = (images: Uint8Array, image: number, y: number, x: number, c: number) =>
  images[image * IMAGE_BYTES + (y * 32 + x) * 3 + c];

function augmented(dy: number, dx: number, flip: boolean): Uint8Array {
  const out = new Uint8Array(2 * IMAGE_BYTES).fill(7);
  augmentImage(set.images, 1, out, 1, { dy, dx, flip });
  return out;
}

describe("augmentImage", () => {
  it("is the identity without shift or flip, and touches only the target image", () => {
    const out = augmented(0, 0, false);
    assert.deepEqual(out.subarray(IMAGE_BYTES), set.images.subarray(IMAGE_BYTES));
    assert.ok(out.subarray(0, IMAGE_BYTES).every((v) => v === 7));
  });

  it("crops the zero-padded image: the content moves by the shift, the uncovered border is 0", () => {
    for (const [dy, dx] of [
      [3, -2],
      [-4, 4],
      [1, 0],
    ]) {
      const out = augmented(dy, dx, false);
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          const inside = y + dy >= 0 && y + dy < 32 && x + dx >= 0 && x + dx < 32;
          for (let c = 0; c < 3; c++) {
            assert.equal(at(out, 1, y, x, c), inside ? at(set.images, 1, y + dy, x + dx, c) : 0);
          }
        }
      }
    }
  });

  it("mirrors left-right, keeping the channel order; flipping twice restores the image", () => {
    const out = augmented(0, 0, true);
    for (const [y, x, c] of [
      [0, 0, 0],
      [5, 3, 2],
      [31, 31, 1],
    ]) {
      assert.equal(at(out, 1, y, x, c), at(set.images, 1, y, 31 - x, c));
    }
    const back = new Uint8Array(2 * IMAGE_BYTES);
    augmentImage(out, 1, back, 1, { dy: 0, dx: 0, flip: true });
    assert.deepEqual(back.subarray(IMAGE_BYTES), set.images.subarray(IMAGE_BYTES));
  });

  it("crops before flipping", () => {
    const out = augmented(2, 3, true);
    // out(y, x) = source(y + 2, 31 − x + 3): columns x ≤ 2 map to 34..32, inside the padding.
    for (let x = 0; x < 32; x++) {
      assert.equal(at(out, 1, 0, x, 1), x <= 2 ? 0 : at(set.images, 1, 2, 34 - x, 1));
    }
    assert.ok(out.subarray(IMAGE_BYTES + 30 * 96).every((v) => v === 0)); // rows 30, 31 ← source rows 32, 33
  });
});

describe("drawAugmentation", () => {
  it("draws every shift in [−p, p] and both flips, the same way for the same seed", () => {
    const random = mulberry32(9);
    const draws = Array.from({ length: 2000 }, () => drawAugmentation(random, 4));
    assert.deepEqual(
      [...new Set(draws.map((d) => d.dx))].sort((a, b) => a - b),
      [-4, -3, -2, -1, 0, 1, 2, 3, 4],
    );
    assert.deepEqual(
      [...new Set(draws.map((d) => d.dy))].sort((a, b) => a - b),
      [-4, -3, -2, -1, 0, 1, 2, 3, 4],
    );
    const flips = draws.filter((d) => d.flip).length;
    assert.ok(flips > 900 && flips < 1100);
    const again = mulberry32(9);
    assert.deepEqual(
      Array.from({ length: 2000 }, () => drawAugmentation(again, 4)),
      draws,
    );
  });
});
