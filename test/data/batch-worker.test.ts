import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { workerBatches } from "../../src/data/batch-worker.js";
import { type Batch, epochBatches } from "../../src/data/batches.js";
import { tempDir } from "../temp-dirs.js";
import { randomSet } from "./fixture.js";

const set = randomSet(300, 5);

async function collect(stream: AsyncIterable<Batch>): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

/** Keeps this thread busy, as a synchronous training step does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe("workerBatches", () => {
  it("builds epochBatches' batches byte for byte, augmented or not, with the short last batch", async () => {
    for (const options of [
      { batchSize: 64, augment: true, seed: 3 },
      { batchSize: 64, augment: false, shuffle: false },
      { batchSize: 50, augment: true, normalize: "uint8" as const },
    ]) {
      for (const epoch of [0, 1]) {
        const expected = [...epochBatches(set, epoch, options)];
        const got = await collect(workerBatches(set, epoch, options));
        assert.equal(got.length, expected.length);
        got.forEach((batch, i) => {
          assert.deepEqual(batch.shape, expected[i].shape);
          assert.deepEqual(batch.indices, expected[i].indices);
          assert.deepEqual(batch.labels, expected[i].labels);
          assert.deepEqual(batch.images, expected[i].images, `epoch ${epoch}, batch ${i}`);
        });
      }
    }
  });

  it("has the next batch ready while the consumer is busy: it never waits after the first", async () => {
    const stream = workerBatches(set, 0, { batchSize: 32, augment: true }, { ahead: 2 });
    for await (const _ of stream) busy(60);
    assert.equal(stream.stats.batches, 10);
    assert.equal(stream.stats.waits, 0, `waited ${stream.stats.waitMs.toFixed(1)} ms`);
  });

  it("counts the waits when the consumer is faster than the thread", async () => {
    const stream = workerBatches(set, 0, { batchSize: 30, augment: true }, { ahead: 1 });
    await collect(stream);
    assert.equal(stream.stats.batches, 10);
    assert.ok(stream.stats.waits > 0, "a consumer that does nothing waits for every batch");
  });

  it("stops early on break, and the thread serves the next stream", async () => {
    let taken = 0;
    for await (const _ of workerBatches(set, 0, { batchSize: 10 })) if (++taken === 2) break;
    assert.equal(taken, 2);
    const next = await collect(workerBatches(set, 1, { batchSize: 100 }));
    assert.deepEqual(
      next.map((b) => b.indices),
      [...epochBatches(set, 1, { batchSize: 100 })].map((b) => b.indices),
    );
  });

  it("reports a failure of the thread with its message", async () => {
    await assert.rejects(
      collect(workerBatches(set, 0, { batchSize: 0 })),
      /building batches failed: batchSize must be a positive integer, got 0/,
    );
    assert.throws(
      () => workerBatches(set, 0, { batchSize: 8 }, { ahead: 0 }),
      /ahead must be an integer ≥ 1/,
    );
  });

  it("leaves no thread keeping a process alive, also after a break", () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const url = (file: string) => JSON.stringify(pathToFileURL(path.join(here, file)).href);
    const script = path.join(tempDir("explr-batch-worker-"), "consume.mjs");
    writeFileSync(
      script,
      `import { workerBatches } from ${url("../../src/data/batch-worker.js")};
       import { randomSet } from ${url("fixture.js")};
       const set = randomSet(100, 1);
       for await (const b of workerBatches(set, 0, { batchSize: 10 })) break;
       let n = 0;
       for await (const b of workerBatches(set, 1, { batchSize: 10 })) n++;
       console.log("consumed", n);`,
    );
    const child = spawnSync(process.execPath, [script], { timeout: 30_000 });
    assert.equal(child.signal, null, "the child had to be killed: a thread kept it alive");
    assert.equal(child.status, 0, String(child.stderr));
    assert.match(String(child.stdout), /consumed 10/);
  });
});
