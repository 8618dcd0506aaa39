/** train() with `parallel: { workers }`: gradients from worker threads, everything else unchanged. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs-core";
import { readCheckpoint } from "../../src/train/checkpoint.js";
import { checkExperiment } from "../../src/train/experiment.js";
import { train } from "../../src/train/loop.js";
import { randomImages, tempDir, tinyData, tinyExperiment } from "./fixture.js";

const cpu = { data: tinyData, backend: "cpu" as const };

/** Largest relative difference of two equally long series. */
function relativeGap(a: number[], b: number[]): number {
  assert.equal(a.length, b.length);
  return Math.max(...a.map((x, i) => Math.abs(x - b[i]) / Math.max(1e-12, Math.abs(x))));
}

test("one worker follows the in-process run within float32 tolerance", async () => {
  const local = await train(tinyExperiment(), cpu);
  const one = await train(tinyExperiment({ parallel: { workers: 1 } }), cpu);
  const series = (h: typeof local.history) =>
    h.steps.flatMap((s) => [s.loss, s.weightNorm["scale-invariant"] ?? Number.NaN]);
  const gap = relativeGap(series(local.history), series(one.history));
  assert.ok(gap < 1e-4, `relative gap ${gap}`);
});

test("two workers train (ghost batches), and a resumed run is the uninterrupted one bit for bit", async () => {
  const [whole, parts] = [await tempDir(), await tempDir()];
  const experiment = (dir: string, epochs: number) =>
    tinyExperiment({ epochs, parallel: { workers: 2 }, checkpoint: { dir, every: 1 } });
  const straight = await train(experiment(whole, 3), cpu);
  const losses = straight.history.steps.map((s) => s.loss);
  assert.ok(losses.every(Number.isFinite));
  assert.ok(straight.history.epochs.at(-1)?.testLoss !== undefined);

  await train(experiment(parts, 1), cpu);
  const resumed = await train(experiment(parts, 3), { ...cpu, resume: true });
  assert.deepEqual(resumed.history.steps, straight.history.steps);
  assert.deepEqual((await readCheckpoint(parts))?.params, (await readCheckpoint(whole))?.params);
});

test("the workers end with the run: a process that trained with them exits by itself", async () => {
  const before = tf.memory().numTensors;
  await train(tinyExperiment({ parallel: { workers: 2 } }), cpu);
  assert.equal(tf.memory().numTensors, before);
  // a worker left running would keep this child alive until the timeout
  const here = path.dirname(fileURLToPath(import.meta.url));
  const script = `
    import { train } from ${JSON.stringify(pathToFileURL(path.join(here, "../../src/train/loop.js")).href)};
    import { tinyData, tinyExperiment } from ${JSON.stringify(pathToFileURL(path.join(here, "fixture.js")).href)};
    await train(tinyExperiment({ epochs: 1, parallel: { workers: 2 } }), { data: tinyData, backend: "cpu" });
    console.log("trained");`;
  const file = path.join(await tempDir(), "train-with-workers.mjs");
  await writeFile(file, script);
  const child = spawnSync(process.execPath, [file], { timeout: 60_000 });
  assert.equal(child.signal, null, "the child had to be killed: something kept it alive");
  assert.equal(child.status, 0, String(child.stderr));
  assert.match(String(child.stdout), /trained/);
});

test("bad worker counts are refused naming the field and the fix", async () => {
  for (const workers of [0, 1.5, -1]) {
    assert.throws(
      () => checkExperiment(tinyExperiment({ parallel: { workers } })),
      /parallel.workers must be a positive integer/,
    );
  }
  assert.throws(
    () => checkExperiment(tinyExperiment({ parallel: { workers: 5 } })),
    /parallel.workers \(5\) exceeds data.batchSize \(4\)/,
  );
  // 13 images in batches of 4: the last batch has 1 image for 2 workers
  await assert.rejects(
    train(tinyExperiment({ parallel: { workers: 2 } }), {
      ...cpu,
      data: { ...tinyData, train: randomImages(13, 1) },
    }),
    /last batch of each epoch has 1 images for 2 parallel workers/,
  );
});
