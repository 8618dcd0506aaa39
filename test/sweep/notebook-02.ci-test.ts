/**
 * The issue's done-when for `explr sweep`: notebook 02's `cpu-smoke` configuration over three seeds, locally and as
 * a Slurm array on the one-node test cluster, gives the same collected table (up to the seconds column), and every
 * run's training writes TensorBoard event files in its folder. It trains on the real CIFAR-10, so it is not part of
 * `npm test`: `.ci/run` runs it after notebook 02 (which caches the data set). Each sweep took 75-140 s on 2 cores
 * shared with other work (load 7-15), the whole test 4 min.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { slurmSkip, startCluster, type TestCluster } from "../slurm/cluster.js";
import { tempDir } from "../temp-dirs.js";
import { sweep, withoutSeconds } from "./fixture.js";

const notebook = path.resolve("notebooks/02-cifar10-training.ipynb");
const args = [notebook, "--param", "configuration=cpu-smoke", "--grid", "seeds=[[0],[1],[2]]"];
const names = ["seeds=0", "seeds=1", "seeds=2"];

describe("notebook 02's cpu-smoke sweep over three seeds", {
  skip: slurmSkip(),
  timeout: 15 * 60_000,
}, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(() => cluster?.stop());

  test("gives the same table locally and on Slurm, and each run's event files", async (t) => {
    const dir = tempDir("explr-sweep-nb02-");
    const timed = async (where: string, extra: string[], env?: NodeJS.ProcessEnv) => {
      const began = performance.now();
      const result = await sweep([...args, ...extra, "--out", path.join(dir, where)], env);
      t.diagnostic(`${where}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
      assert.equal(result.code, 0, result.stderr);
      return result;
    };
    await timed("local", []);
    const onSlurm = await timed("slurm", ["--executor", "slurm", "--parallel", "2"], cluster.env);
    assert.match(onSlurm.stdout, /submitted Slurm job \d+ \(array 0-2%2\)/);
    const table = async (where: string) =>
      withoutSeconds(await readFile(path.join(dir, where, "results.csv"), "utf8"));
    const [localTable, slurmTable] = [await table("local"), await table("slurm")];
    assert.deepEqual(
      localTable.slice(1).map((line) => line.split(",")[0]),
      names,
    );
    assert.ok(
      localTable.slice(1).every((line) => /^seeds=\d,finished,\[\d\],/.test(line)),
      localTable.join("\n"),
    );
    assert.deepEqual(slurmTable, localTable);
    for (const where of ["local", "slurm"]) {
      for (const name of names) {
        const board = path.join(dir, where, "runs", name, "tensorboard", "02-cifar10-training");
        const seed = name.slice(-1);
        for (const run of [`cifar10-cpu-smoke-seed${seed}`, `cifar10-cpu-smoke-texp-seed${seed}`]) {
          const events = (await readdir(path.join(board, run))).filter((f) =>
            f.startsWith("events.out.tfevents."),
          );
          assert.equal(events.length, 1, `${where}/${name}/${run}`);
        }
      }
    }
  });
});
