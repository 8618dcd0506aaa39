import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { runTrainCommand } from "../../cli/train.js";
import { emptyHistory } from "../../src/train/history.js";
import { train as trainLoop } from "../../src/train/loop.js";
import { TENSORBOARD_DIR_ENV, tensorboardCallbacks, tensorboardFolder } from "../../src/train/tensorboard.js";
import { tempDir, tinyData, tinyExperiment } from "./fixture.js";

/**
 * The Python whose `tensorboard` package reads the event files: EXPLR_TENSORBOARD_PYTHON, else python3. Without
 * one the check is skipped naming the install; CI sets EXPLR_REQUIRE_TENSORBOARD=1, which makes it run (and fail).
 */
const python = process.env.EXPLR_TENSORBOARD_PYTHON || "python3";
function tensorboardSkip(): string | false {
  if (process.env.EXPLR_REQUIRE_TENSORBOARD === "1") return false;
  try {
    execFileSync(python, ["-c", "import tensorboard"], { stdio: "ignore" });
    return false;
  } catch {
    return (
      `${python} has no tensorboard package; install it: python3 -m venv .venv-tb && .venv-tb/bin/pip install ` +
      "tensorboard, then set EXPLR_TENSORBOARD_PYTHON=.venv-tb/bin/python"
    );
  }
}

async function train(args: string[]) {
  const quiet = () => new PassThrough().resume();
  return runTrainCommand(args, {
    stdout: quiet(),
    stderr: quiet(),
    trainOptions: { data: tinyData, backend: "cpu" },
  });
}

test("explr train writes TensorBoard event files that TensorBoard's reader takes, equal to history.json, across a resume", {
  skip: tensorboardSkip(),
}, async () => {
  const dir = await tempDir();
  const config = join(dir, "experiment.json");
  const out = join(dir, "run");
  await writeFile(config, JSON.stringify(tinyExperiment({ epochs: 1 })));
  assert.equal(await train(["--config", config, "--out", out]), 0);
  await writeFile(config, JSON.stringify(tinyExperiment({ epochs: 2 })));
  assert.equal(await train(["--config", config, "--out", out, "--resume"]), 0);
  const events = (await readdir(out)).filter((name) => name.startsWith("events.out.tfevents."));
  assert.equal(events.length, 2, "one event file per run of train, though both ran in one process");
  const report = execFileSync(python, ["test/train/tensorboard_check.py", out], { encoding: "utf8" });
  assert.match(report, /^\d+ scalars in \d+ tags equal history.json/);
});

test("two runs of train in one process and one second write two event files, neither appended to the other", async () => {
  const dir = await tempDir();
  const history = emptyHistory(tinyExperiment(), ["scale-invariant"], 1);
  for (const writer of [tensorboardCallbacks(dir), tensorboardCallbacks(dir)]) writer.onEnd?.(history);
  const events = (await readdir(dir)).filter((name) => name.startsWith("events.out.tfevents."));
  assert.equal(events.length, 2, events.join(", "));
});

const eventFiles = async (dir: string) =>
  (await readdir(dir).catch(() => [])).filter((name) => name.startsWith("events.out.tfevents."));
const cpu = { data: tinyData, backend: "cpu" as const };

test("train writes event files into the run's checkpoint folder by default; tensorboard: false or a folder overrides it", async () => {
  const dir = await tempDir();
  const run = (name: string) => tinyExperiment({ epochs: 1, checkpoint: { dir: join(dir, name), every: 1 } });
  await trainLoop(run("default"), cpu);
  assert.equal((await eventFiles(join(dir, "default"))).length, 1);
  await trainLoop(run("off"), { ...cpu, tensorboard: false });
  assert.deepEqual(await eventFiles(join(dir, "off")), []);
  await trainLoop(run("elsewhere"), { ...cpu, tensorboard: join(dir, "events") });
  assert.deepEqual(await eventFiles(join(dir, "elsewhere")), []);
  assert.equal((await eventFiles(join(dir, "events"))).length, 1);
  await assert.rejects(
    trainLoop(run("empty"), { ...cpu, tensorboard: "" }),
    /a folder, or false to write no event/,
  );
});

test("a run with no folder writes nothing, not even into the current folder", async () => {
  assert.equal(process.env[TENSORBOARD_DIR_ENV], undefined, "the tests run outside explr run");
  const dir = await tempDir();
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    await trainLoop(tinyExperiment({ epochs: 1 }), cpu);
  } finally {
    process.chdir(cwd);
  }
  assert.deepEqual(await readdir(dir), []);
});

test("the default folder: the checkpoint folder, else one per run under explr run's, else none", () => {
  const env = { [TENSORBOARD_DIR_ENV]: join("out", "tensorboard", "nb") };
  const checkpointed = tinyExperiment({ checkpoint: { dir: "ckpt", every: 1 } });
  assert.equal(tensorboardFolder(checkpointed, env), "ckpt");
  assert.equal(tensorboardFolder(tinyExperiment(), {}), undefined);
  assert.equal(tensorboardFolder(tinyExperiment(), { [TENSORBOARD_DIR_ENV]: "" }), undefined);
  assert.equal(tensorboardFolder(tinyExperiment(), env), join("out", "tensorboard", "nb", "tiny-seed3"));
  assert.equal(tensorboardFolder(tinyExperiment(), env), join("out", "tensorboard", "nb", "tiny-seed3-2"));
  assert.equal(
    tensorboardFolder(tinyExperiment({ name: "a/b c", seed: 0 }), env),
    join("out", "tensorboard", "nb", "a_b_c-seed0"),
  );
});
