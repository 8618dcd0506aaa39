import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { batchesPerEpoch, batchLoader, epochBatches, prefetch } from "../../src/data/batches.js";
import { IMAGE_BYTES } from "../../src/data/format.js";
import { CIFAR10_STATS, normalize } from "../../src/data/stats.js";
import { pick } from "../../src/data/subset.js";
import { randomSet } from "./fixture.js";

const set = randomSet(50, 13);
const all = (epoch: number, options: Parameters<typeof epochBatches>[2]) => [
  ...epochBatches(set, epoch, options),
];

describe("epochBatches", () => {
  it("visits every image once per epoch; the last batch is short unless dropped", () => {
    const batches = all(0, { batchSize: 16 });
    assert.deepEqual(
      batches.map((b) => b.size),
      [16, 16, 16, 2],
    );
    const seen = batches.flatMap((b) => Array.from(b.indices)).sort((a, b) => a - b);
    assert.deepEqual(
      seen,
      Array.from({ length: 50 }, (_, i) => i),
    );
    assert.deepEqual(
      all(0, { batchSize: 16, dropLast: true }).map((b) => b.size),
      [16, 16, 16],
    );
    assert.equal(batchesPerEpoch(50, 16), 4);
    assert.equal(batchesPerEpoch(50, 16, true), 3);
  });

  it("gives normalized float32 NHWC of the chosen images by default, or raw bytes", () => {
    const [batch] = all(0, { batchSize: 8 });
    assert.deepEqual(batch.shape, [8, 32, 32, 3]);
    const chosen = pick(set, batch.indices);
    assert.deepEqual(batch.labels, chosen.labels);
    assert.deepEqual(batch.images, normalize(chosen.images, CIFAR10_STATS));
    const [raw] = all(0, { batchSize: 8, normalize: "uint8" });
    assert.deepEqual(raw.images, chosen.images);
  });

  it("repeats an epoch for the same seed, reshuffles across epochs and seeds, keeps order without shuffle", () => {
    const order = (epoch: number, seed: number) =>
      all(epoch, { batchSize: 50, seed, normalize: "uint8" })[0].indices.join(",");
    assert.equal(order(0, 1), order(0, 1));
    assert.notEqual(order(0, 1), order(1, 1));
    assert.notEqual(order(0, 1), order(0, 2));
    assert.deepEqual(
      Array.from(all(3, { batchSize: 50, shuffle: false })[0].indices),
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it("augments deterministically for a seed, and differently from the plain images", () => {
    const options = { batchSize: 50, seed: 4, augment: true, normalize: "uint8" as const };
    const [a] = all(0, options);
    const [b] = all(0, options);
    assert.deepEqual(a.images, b.images);
    const plain = pick(set, a.indices).images;
    let changed = 0;
    for (let k = 0; k < 50; k++) {
      const range = [k * IMAGE_BYTES, (k + 1) * IMAGE_BYTES] as const;
      if (a.images.subarray(...range).some((v, i) => v !== plain[range[0] + i])) changed++;
    }
    assert.ok(changed > 40, `${changed} of 50 images changed`); // identity has chance 1/162
  });

  it("rejects a bad batch size or padding", () => {
    assert.throws(() => all(0, { batchSize: 0 }), /batchSize must be a positive integer, got 0/);
    assert.throws(() => all(0, { batchSize: 2.5 }), RangeError);
    assert.throws(
      () => all(0, { batchSize: 4, augment: true, padding: 32 }),
      /padding must be an integer in 0\.\.31/,
    );
  });
});

describe("prefetch", () => {
  it("yields every item in order and prepares the next one while the consumer is busy", async () => {
    const events: string[] = [];
    function* items() {
      for (let k = 0; k < 3; k++) {
        events.push(`make ${k}`);
        yield k;
      }
    }
    const got: number[] = [];
    for await (const k of prefetch(items())) {
      events.push(`use ${k}`);
      await new Promise((resolve) => setTimeout(resolve, 5)); // an asynchronous training step
      events.push(`done ${k}`);
      got.push(k);
    }
    assert.deepEqual(got, [0, 1, 2]);
    assert.deepEqual(events.slice(0, 5), ["make 0", "use 0", "make 1", "done 0", "use 1"]);
  });

  it("passes on an error of the source, and stops it when the consumer breaks", async () => {
    function* failing() {
      yield 1;
      throw new Error("broken source");
    }
    await assert.rejects(async () => {
      for await (const _ of prefetch(failing())) {
        /* consume */
      }
    }, /broken source/);
    let closed = false;
    function* endless() {
      try {
        for (let k = 0; ; k++) yield k;
      } finally {
        closed = true;
      }
    }
    for await (const k of prefetch(endless())) if (k === 2) break;
    assert.ok(closed);
  });
});

describe("batchLoader", () => {
  it("serves each epoch's batches, the same as epochBatches", async () => {
    const options = { batchSize: 20, seed: 5, augment: true };
    const loader = batchLoader(set, options);
    assert.equal(loader.batchesPerEpoch, 3);
    const served = [];
    for await (const batch of loader.epoch(2)) served.push(batch);
    assert.deepEqual(served, all(2, options));
  });
});
