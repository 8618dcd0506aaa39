import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import type { History } from "../../src/train/history.js";
import { tempDir } from "../temp-dirs.js";
import { sweep, tinyConfig, tinyDataEnv } from "./fixture.js";

test("a training sweep runs explr train per run; its table holds each run's final metrics from history.json", async () => {
  const env = await tinyDataEnv();
  const config = await tinyConfig();
  const out = path.join(tempDir("explr-sweep-train-"), "s");
  const result = await sweep(
    ["--config", config, "--grid", "optimizer.lr.init=[0.05,0.1]", "--seeds", "0..1", "--out", out],
    env,
  );
  assert.equal(result.code, 0, result.stderr);
  const names = [
    "optimizer.lr.init=0.05,seed=0",
    "optimizer.lr.init=0.05,seed=1",
    "optimizer.lr.init=0.1,seed=0",
    "optimizer.lr.init=0.1,seed=1",
  ];
  const csv = (await readFile(path.join(out, "results.csv"), "utf8")).trimEnd().split("\n");
  assert.equal(
    csv[0],
    "name,state,seconds,optimizer.lr.init,seed,epochs,steps,trainLoss,trainAccuracy,testLoss,testAccuracy,angle",
  );
  for (const [i, name] of names.entries()) {
    const history = JSON.parse(
      await readFile(path.join(out, "runs", name, "history.json"), "utf8"),
    ) as History;
    assert.equal(history.experiment.seed, i % 2);
    assert.equal((history.experiment.optimizer.lr as unknown as { init: number }).init, i < 2 ? 0.05 : 0.1);
    const last = history.epochs[history.epochs.length - 1];
    const fields = csv[i + 1].split(",");
    const expected = [2, 4, last.trainLoss, last.trainAccuracy, last.testLoss, last.testAccuracy, last.angle];
    assert.deepEqual(fields.slice(-7).map(Number), expected, name);
    assert.equal(fields.slice(-9, -7).join(","), `${i < 2 ? 0.05 : 0.1},${i % 2}`);
  }
  const report = await readFile(path.join(out, "report.html"), "utf8");
  assert.match(report, /testAccuracy: mean ± std over seeds/);
  assert.match(report, /optimizer.lr.init=0.1 \(2 runs\)/);
});
