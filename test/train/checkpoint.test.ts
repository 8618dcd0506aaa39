import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { type Checkpoint, readCheckpoint, writeCheckpoint } from "../../src/train/checkpoint.js";
import { emptyHistory } from "../../src/train/history.js";
import { tempDir, tinyExperiment } from "./fixture.js";

const checkpoint = (): Checkpoint => ({
  format: "explr.train.checkpoint",
  version: 1,
  epochsDone: 2,
  step: 6,
  params: [{ name: "conv1", shape: [2], values: [Math.fround(0.1), -3.5e-8] }],
  buffers: [],
  optimizer: { format: "explr.sgd.state", version: 1, convention: "pytorch", step: 6, buffers: [] },
  history: emptyHistory(tinyExperiment(), ["scale-invariant"], 3),
});

test("a checkpoint round-trips exactly and leaves no temporary file", async () => {
  const dir = join(await tempDir(), "nested");
  const path = await writeCheckpoint(dir, checkpoint());
  assert.equal(path, join(dir, "checkpoint.json"));
  assert.deepEqual(await readdir(dir), ["checkpoint.json"]);
  assert.deepEqual(await readCheckpoint(dir), checkpoint());
  const next = { ...checkpoint(), epochsDone: 3 };
  await writeCheckpoint(dir, next);
  assert.equal((await readCheckpoint(dir))?.epochsDone, 3);
});

test("no checkpoint is null; another format or version is refused", async () => {
  const dir = await tempDir();
  assert.equal(await readCheckpoint(dir), null);
  await writeFile(join(dir, "checkpoint.json"), JSON.stringify({ ...checkpoint(), version: 99 }));
  await assert.rejects(readCheckpoint(dir), /checkpoint version 99; this explr reads version 1/);
  await writeFile(join(dir, "checkpoint.json"), JSON.stringify({ format: "something.else" }));
  await assert.rejects(readCheckpoint(dir), /is not an explr training checkpoint/);
});
