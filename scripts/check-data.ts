/**
 * Obtains the real CIFAR-10 (download and decode on the first run, the cache afterwards) and prints what a reader
 * can compare with the published figures: class counts, per-channel mean and std, the first labels, and timings.
 * Exits 1 unless every class has 5000 training and 1000 test images.
 * Usage: npm run check:data [-- --cache-dir DIR] [-- --binary-dir DIR_WITH_OFFICIAL_BIN_FILES] [-- --quiet]
 */
import { parseArgs } from "node:util";
import {
  batchLoader,
  CLASS_NAMES,
  channelStats,
  classCounts,
  epochBatches,
  loadCifar10,
} from "../src/data/index.js";

const { values } = parseArgs({
  options: { "cache-dir": { type: "string" }, "binary-dir": { type: "string" }, quiet: { type: "boolean" } },
});
const options = { cacheDir: values["cache-dir"], binaryDir: values["binary-dir"], quiet: values.quiet };

const seconds = (start: number) => ((performance.now() - start) / 1000).toFixed(2);
let start = performance.now();
// A set that cannot be obtained (offline, no cache) is told in words, not as a stack trace.
const { train, test } = await loadCifar10(options).catch((error: Error) => {
  console.error(`check:data: ${error.message}`);
  process.exit(1);
});
console.log(`first load (download + decode if no valid cache, else cache): ${seconds(start)} s`);
start = performance.now();
await loadCifar10(options);
console.log(`cache load: ${seconds(start)} s`);

const format = (xs: readonly number[]) => xs.map((x) => x.toFixed(4)).join(" ");
let countsOk = true;
for (const [name, set, expected] of [
  ["train", train, 5000],
  ["test", test, 1000],
] as const) {
  const counts = classCounts(set.labels);
  countsOk &&= counts.every((n) => n === expected);
  const stats = channelStats(set.images);
  console.log(`${name}: ${set.count} images`);
  console.log(`  per class: ${counts.map((n, c) => `${CLASS_NAMES[c]} ${n}`).join(", ")}`);
  console.log(`  mean (R G B): ${format(stats.mean)}   std: ${format(stats.std)}`);
  console.log(`  first labels: ${Array.from(set.labels.subarray(0, 10)).join(" ")}`);
}

// Augmentation cost of a batch of 128 (crop + flip + normalize to float32), over one pass of 100 batches.
const batches = epochBatches(train, 0, { batchSize: 128, augment: true, seed: 1 });
start = performance.now();
for (let k = 0; k < 100; k++) batches.next();
console.log(`augment + normalize, batch of 128: ${((performance.now() - start) / 100).toFixed(2)} ms`);

// The same through the prefetching loader while a simulated 20 ms asynchronous training step runs.
const loader = batchLoader(train, { batchSize: 128, augment: true, seed: 1 });
let waited = 0;
let steps = 0;
let asked = performance.now();
for await (const _batch of loader.epoch(0)) {
  waited += performance.now() - asked;
  if (++steps === 50) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
  asked = performance.now();
}
console.log(
  `prefetching loader: mean wait for the next batch after a 20 ms step: ${(waited / steps).toFixed(3)} ms`,
);

if (!countsOk) {
  console.error("class counts differ from 5000 per class (train) / 1000 per class (test)");
  process.exit(1);
}
