import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import {
  assignFromJSON,
  type Checkpoint,
  CheckpointError,
  checkpointFiles,
  readCheckpoint,
  tensorsToJSON,
  writeCheckpoint,
} from "../../src/train/checkpoint.js";
import { emptyHistory } from "../../src/train/history.js";
import { tempDir, tinyExperiment } from "./fixture.js";

const checkpoint = (epochsDone = 2): Checkpoint => ({
  format: "explr.train.checkpoint",
  version: 2,
  epochsDone,
  step: 3 * epochsDone,
  params: [{ name: "conv1", shape: [2], values: [Math.fround(0.1), -3.5e-8] }],
  buffers: [],
  optimizer: {
    format: "explr.sgd.state",
    version: 1,
    convention: "pytorch",
    step: 3 * epochsDone,
    buffers: [],
  },
  history: emptyHistory(tinyExperiment(), ["scale-invariant"], 3),
});

test("a checkpoint round-trips exactly, keeps the previous one and leaves no temporary file", async () => {
  const dir = join(await tempDir(), "nested");
  const path = await writeCheckpoint(dir, checkpoint());
  assert.equal(path, join(dir, "checkpoint.json"));
  assert.deepEqual(await readdir(dir), ["checkpoint.json"]);
  assert.deepEqual(await readCheckpoint(dir), checkpoint());
  await writeCheckpoint(dir, checkpoint(3));
  assert.equal((await readCheckpoint(dir))?.epochsDone, 3);
  assert.deepEqual((await readdir(dir)).sort(), ["checkpoint.json", "checkpoint.prev.json"]);
  assert.deepEqual(await checkpointFiles(dir), ["checkpoint.json", "checkpoint.prev.json"]);
  const previous = JSON.parse(await readFile(join(dir, "checkpoint.prev.json"), "utf8"));
  assert.equal(previous.epochsDone, 2);
  assert.match(previous.sha256, /^[0-9a-f]{64}$/);
});

test("no checkpoint is null; another format or version is refused naming the file", async () => {
  const dir = await tempDir();
  const path = join(dir, "checkpoint.json");
  assert.equal(await readCheckpoint(dir), null);
  assert.deepEqual(await checkpointFiles(dir), []);
  await writeFile(path, JSON.stringify({ ...checkpoint(), version: 1 }));
  await assert.rejects(readCheckpoint(dir), {
    name: "CheckpointError",
    message: `checkpoint ${path}: has checkpoint version 1; this explr reads version 2`,
  });
  await writeFile(path, JSON.stringify({ format: "something.else" }));
  await assert.rejects(
    readCheckpoint(dir),
    /checkpoint .*checkpoint\.json: is not an explr training checkpoint/,
  );
  await writeFile(path, JSON.stringify(checkpoint()));
  await assert.rejects(readCheckpoint(dir), /checkpoint\.json: has no sha256 integrity check/);
});

test("a damaged newest checkpoint is refused and the previous one used, saying so", async () => {
  const dir = await tempDir();
  await writeCheckpoint(dir, checkpoint(1));
  await writeCheckpoint(dir, checkpoint(2));
  const newest = join(dir, "checkpoint.json");
  await writeFile(newest, (await readFile(newest, "utf8")).replace('"epochsDone":2', '"epochsDone":5'));
  const lines: string[] = [];
  const read = await readCheckpoint(dir, { log: (line) => lines.push(line) });
  assert.equal(read?.epochsDone, 1);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /checkpoint .*checkpoint\.json: is damaged: its contents do not match its sha256/);
  assert.match(lines[0], /using .*checkpoint\.prev\.json instead$/);
  // The damaged file is not rotated over the good previous one.
  await writeCheckpoint(dir, checkpoint(2));
  assert.equal(JSON.parse(await readFile(join(dir, "checkpoint.prev.json"), "utf8")).epochsDone, 1);
  assert.equal((await readCheckpoint(dir))?.epochsDone, 2);
});

test("when no checkpoint verifies, the refusal names each file", async () => {
  const dir = await tempDir();
  await writeCheckpoint(dir, checkpoint(1));
  await writeCheckpoint(dir, checkpoint(2));
  for (const name of ["checkpoint.json", "checkpoint.prev.json"]) {
    const path = join(dir, name);
    const text = await readFile(path, "utf8");
    await writeFile(path, text.slice(0, text.length / 2));
  }
  const error = await readCheckpoint(dir).then(
    () => assert.fail("damaged checkpoints must be refused"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof CheckpointError);
  assert.match(error.message, /no checkpoint verifies/);
  assert.match(error.message, /checkpoint\.json: is not valid JSON \(.*\): truncated or overwritten/);
  assert.match(error.message, /checkpoint\.prev\.json: is not valid JSON/);
});

test("a checkpoint of another experiment or training set is refused naming the file and the field", async () => {
  const dir = await tempDir();
  await writeCheckpoint(dir, checkpoint());
  const path = join(dir, "checkpoint.json");
  const resumes = (experiment = tinyExperiment(), stepsPerEpoch = 3) =>
    readCheckpoint(dir, { resumes: { experiment, stepsPerEpoch } });
  assert.equal((await resumes())?.epochsDone, 2);
  await assert.rejects(resumes(tinyExperiment({ seed: 9 })), {
    message:
      `checkpoint ${path}: is of another experiment: its seed is 3, this run's is 9; resume with the experiment ` +
      "that wrote it, or use another checkpoint.dir (explr train: --out) without resuming",
  });
  const data = { ...tinyExperiment().data, batchSize: 2 };
  await assert.rejects(
    resumes(tinyExperiment({ data })),
    /checkpoint\.json: is of another experiment: its data is/,
  );
  await assert.rejects(resumes(tinyExperiment(), 6), /written with 3 steps per epoch, this run has 6/);
});

test("tensors round-trip through their JSON by name; a missing or reshaped one is refused", async () => {
  await tf.setBackend("cpu");
  const a = tf.variable(
    tf.tensor2d([
      [1, 2],
      [3, 4],
    ]),
    true,
    "a",
  );
  const b = tf.variable(tf.tensor1d([5]), true, "b");
  const saved = await tensorsToJSON([
    { name: "a", variable: a },
    { name: "b", variable: b },
  ]);
  assert.deepEqual(saved, [
    { name: "a", shape: [2, 2], values: [1, 2, 3, 4] },
    { name: "b", shape: [1], values: [5] },
  ]);
  a.assign(tf.zeros([2, 2]));
  assignFromJSON([{ name: "a", variable: a }], saved);
  assert.deepEqual([...a.dataSync()], [1, 2, 3, 4]);
  assert.throws(
    () => assignFromJSON([{ name: "c", variable: b }], saved),
    /"c" is missing or has another shape/,
  );
  assert.throws(
    () => assignFromJSON([{ name: "b", variable: a }], saved),
    /"b" is missing or has another shape; it belongs to another model/,
  );
  tf.dispose([a, b]);
});
