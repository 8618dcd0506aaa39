/**
 * The data pipeline against a training step: how long building a batch takes on the main thread (shuffle, random
 * crop + flip, normalization), and how long a consumer busy with a synchronous "step" waits for its next batch when
 * the batches come from a worker thread (`workerBatches`). Run: `npm run bench:data` (figures, asserts nothing).
 */
import { workerBatches } from "../src/data/batch-worker.js";
import { epochBatches } from "../src/data/batches.js";
import { mulberry32 } from "../src/random.js";

const count = Number(process.env.BENCH_IMAGES ?? 50_000);
const batchSize = 128;
const stepMs = Number(process.env.BENCH_STEP_MS ?? 400);
const random = mulberry32(1);
const images = Uint8Array.from({ length: count * 3072 }, () => Math.floor(random() * 256));
const set = { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
const options = { batchSize, augment: true, seed: 0 };

const builds: number[] = [];
let started = performance.now();
for (const _ of epochBatches(set, 0, options)) {
  builds.push(performance.now() - started);
  if (builds.length === 50) break;
  started = performance.now();
}
builds.sort((a, b) => a - b);
console.log(
  `main thread: a batch of ${batchSize} (augmented, normalized) takes ${builds[25].toFixed(2)} ms (median of 50; ` +
    `max ${builds.at(-1)?.toFixed(2)} ms)`,
);

const stream = workerBatches(set, 0, options);
let taken = 0;
for await (const _ of stream) {
  const until = performance.now() + stepMs;
  while (performance.now() < until);
  if (++taken === 20) break;
}
console.log(
  `worker thread, consumer busy ${stepMs} ms per step: ${stream.stats.waits} waits in ${stream.stats.batches} ` +
    `batches after the first, ${stream.stats.waitMs.toFixed(2)} ms waited in all`,
);
