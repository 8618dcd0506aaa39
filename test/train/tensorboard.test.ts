import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { runTrainCommand } from "../../cli/train.js";
import { emptyHistory } from "../../src/train/history.js";
import { tensorboardCallbacks } from "../../src/train/tensorboard.js";
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
