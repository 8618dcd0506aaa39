import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { notebookTarget, runExperiment, trainTarget } from "../../src/sweep/target.js";
import { tempDir } from "../temp-dirs.js";
import { tinyExperiment } from "../train/fixture.js";

const notebook = "test/fixtures/notebooks/sweep-fixture.ipynb";

test("a notebook sweep takes the names its parameters cell declares, with values of their types", async () => {
  const target = await notebookTarget(notebook, { fail: false }, [{ key: "scale", values: [1, 2] }]);
  assert.deepEqual(target, { kind: "notebook", notebook: path.resolve(notebook) });
  await assert.rejects(
    notebookTarget(notebook, {}, [{ key: "scael", values: [1] }]),
    /scael is not a parameter of .*declares: seed, scale, fail, waitSeconds\); fix the name/,
  );
  await assert.rejects(
    notebookTarget(notebook, {}, [{ key: "scale", values: [1, "two"] }]),
    /scale = "two" is a string, but .* declares scale: number/,
  );
  await assert.rejects(notebookTarget(notebook, { fail: "yes" }, []), /declares fail: boolean/);
});

async function configFile(): Promise<string> {
  const file = path.join(tempDir("explr-sweep-target-"), "tiny.json");
  await writeFile(file, JSON.stringify(tinyExperiment()));
  return file;
}

test("a config sweep reaches nested fields by dotted keys and checks every run's experiment", async () => {
  const config = await configFile();
  const target = await trainTarget(config, { epochs: 1 }, [
    { key: "optimizer.lr.init", values: [0.05, 0.1] },
    { key: "seed", values: [0, 1] },
  ]);
  assert.equal(target.kind, "train");
  const run = runExperiment(tinyExperiment(), { "optimizer.lr.init": 0.05, seed: 1 });
  assert.deepEqual(run.optimizer.lr, { kind: "multiStep", init: 0.05, boundaries: [3], factor: 0.1 });
  assert.equal(run.seed, 1);
  assert.equal(tinyExperiment().seed, 3, "the base is not changed");
});

test("a config key it does not have, a value of another type, or an impossible run is refused", async () => {
  const config = await configFile();
  await assert.rejects(
    trainTarget(config, {}, [{ key: "optimiser.lr", values: [0.1] }]),
    /has no field optimiser/,
  );
  await assert.rejects(
    trainTarget(config, {}, [{ key: "optimizer.lr.init", values: ["fast"] }]),
    /optimizer.lr.init = "fast" is a string, but .* has optimizer.lr.init = 0.1 \(a number\)/,
  );
  await assert.rejects(trainTarget(config, {}, [{ key: "epochz", values: [1] }]), /epochz is not a field/);
  await assert.rejects(
    trainTarget(config, {}, [{ key: "epochs", values: [1, 0] }]),
    /the run \{"epochs":0\}: .*positive integer/,
  );
});
