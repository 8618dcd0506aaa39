import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { CheckpointError, readCheckpoint } from "../../src/train/checkpoint.js";
import { train } from "../../src/train/loop.js";
import { tempDir, tinyData, tinyExperiment } from "./fixture.js";

const cpu = { data: tinyData, backend: "cpu" as const };

type Checkpointish = Record<string, unknown> & {
  params: { values: (number | null)[] }[];
  optimizer: { step: number };
  epochsDone: number;
};

/** Ways a written checkpoint gets damaged, each still a file where a checkpoint belongs. */
const damages: [string, (text: string) => string][] = [
  [
    "weights ×1000",
    (text) =>
      edit(text, (c) => {
        c.params[0].values = c.params[0].values.map((v) => (v as number) * 1000);
      }),
  ],
  ["a weight null", (text) => edit(text, (c) => c.params[1].values.splice(0, 1, null))],
  [
    "optimizer.step changed",
    (text) =>
      edit(text, (c) => {
        c.optimizer.step += 1;
      }),
  ],
  [
    "epochsDone changed",
    (text) =>
      edit(text, (c) => {
        c.epochsDone += 1;
      }),
  ],
  ["truncated to half", (text) => text.slice(0, text.length / 2)],
  ["truncated by one byte", (text) => text.slice(0, -1)],
  ["empty", () => ""],
  [
    "one digit changed",
    // The first significant digit of the first weight: a change in a float's last digit may parse to the same double.
    (text) =>
      text.replace(
        /("values":\s*\[\s*-?[0.]*)([1-9])/,
        (_, before, digit) => `${before}${(Number(digit) % 9) + 1}`,
      ),
  ],
  [
    "the integrity check removed",
    (text) =>
      edit(text, (c) => {
        delete c.sha256;
      }),
  ],
  [
    "another integrity check",
    (text) =>
      edit(text, (c) => {
        c.sha256 = "0".repeat(64);
      }),
  ],
];

/** Parses, changes and re-serializes a checkpoint, keeping its stored sha256 (as a careless edit would). */
function edit(text: string, change: (c: Checkpointish) => void): string {
  const data = JSON.parse(text) as Checkpointish;
  change(data);
  return JSON.stringify(data);
}

test("fault injection: every damaged checkpoint is refused naming the file, and a resume falls back to the last good one", async () => {
  const [dir, wholeDir] = [await tempDir(), await tempDir()];
  await train(tinyExperiment({ epochs: 1, checkpoint: { dir, every: 1 } }), cpu);
  const good = await readFile(join(dir, "checkpoint.json"), "utf8");
  let refused = 0;
  for (const [what, damage] of damages) {
    const damagedDir = join(dir, what.replaceAll(/\W+/g, "-"));
    await mkdir(damagedDir);
    const path = join(damagedDir, "checkpoint.json");
    const damaged = damage(good);
    assert.notEqual(damaged, good, what);
    await writeFile(path, damaged);
    const error = await readCheckpoint(damagedDir).then(
      () => assert.fail(`a checkpoint with ${what} was accepted`),
      (e: unknown) => e,
    );
    assert.ok(error instanceof CheckpointError, what);
    assert.ok(error.message.startsWith(`checkpoint ${path}: `), `${what}: ${error.message}`);
    refused++;
  }
  console.log(`damaged checkpoints refused: ${refused} of ${damages.length}`);
  assert.equal(refused, damages.length);

  // Two epochs written, then the newest damaged: the resume starts again after epoch 1 and ends where an
  // uninterrupted run ends.
  const whole = await train(tinyExperiment({ epochs: 3, checkpoint: { dir: wholeDir, every: 1 } }), cpu);
  const runDir = join(dir, "run");
  await train(tinyExperiment({ epochs: 2, checkpoint: { dir: runDir, every: 1 } }), cpu);
  const newest = join(runDir, "checkpoint.json");
  await writeFile(newest, damages[0][1](await readFile(newest, "utf8")));
  const lines: string[] = [];
  const resumed = await train(tinyExperiment({ epochs: 3, checkpoint: { dir: runDir, every: 1 } }), {
    ...cpu,
    resume: true,
    log: (line) => lines.push(line),
  });
  assert.ok(
    lines.some((line) => /checkpoint\.json: is damaged.*using .*checkpoint\.prev\.json instead/.test(line)),
  );
  assert.ok(lines.some((line) => /resumed from .* after epoch 1 \(step 3\)/.test(line)));
  assert.deepEqual(resumed.history.steps, whole.history.steps);
  assert.deepEqual(resumed.history.epochs, whole.history.epochs);
  assert.deepEqual((await readCheckpoint(runDir))?.params, (await readCheckpoint(wholeDir))?.params);
});
