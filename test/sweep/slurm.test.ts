import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { slurmSkip, startCluster, type TestCluster } from "../slurm/cluster.js";
import { tempDir } from "../temp-dirs.js";
import {
  cli,
  fixtureNotebook,
  processesMentioning,
  sweep,
  tinyConfig,
  tinyDataEnv,
  until,
  withoutSeconds,
} from "./fixture.js";

const skip = slurmSkip();

test("without sbatch, --executor slurm is refused naming the install and --executor local", async () => {
  const out = path.join(tempDir("explr-sweep-slurm-"), "s");
  const result = await sweep([fixtureNotebook, "--executor", "slurm", "--out", out], {
    ...process.env,
    PATH: "/nonexistent",
  });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /sbatch is not found on PATH.*apt-get install slurm-client\), or use --executor local/,
  );
});

describe("explr sweep --executor slurm on a one-node cluster", { skip }, () => {
  let cluster: TestCluster;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    cluster = await startCluster();
    env = { ...(await tinyDataEnv()), SLURM_CONF: cluster.env.SLURM_CONF };
  });
  after(() => cluster?.stop());

  test("a 3 (η) × 2 (seed) array of training runs completes, with the table a local sweep gives; a rerun skips them", async () => {
    const config = await tinyConfig();
    const grid = ["--config", config, "--grid", "optimizer.lr.init=[0.05,0.1,0.2]", "--seeds", "0..1"];
    const dir = tempDir("explr-sweep-slurm-");
    const onSlurm = await sweep(
      [...grid, "--executor", "slurm", "--parallel", "2", "--out", path.join(dir, "slurm")],
      env,
    );
    assert.equal(onSlurm.code, 0, onSlurm.stderr);
    assert.match(onSlurm.stdout, /submitted Slurm job \d+ \(array 0-5%2\)/);
    assert.match(onSlurm.stdout, /\[6\/6\] .* completed/);
    const log = await readFile(
      path.join(dir, "slurm", "runs", "optimizer.lr.init=0.2,seed=1", "log.txt"),
      "utf8",
    );
    assert.match(log, /explr sweep: run optimizer.lr.init=0.2,seed=1 \(index 5\)/);
    const local = await sweep([...grid, "--out", path.join(dir, "local")], env);
    assert.equal(local.code, 0, local.stderr);
    const table = async (name: string) =>
      withoutSeconds(await readFile(path.join(dir, name, "results.csv"), "utf8"));
    assert.equal((await table("slurm")).length, 7);
    assert.deepEqual(await table("slurm"), await table("local"));
    const again = await sweep([...grid, "--executor", "slurm", "--out", path.join(dir, "slurm")], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /6 finished already \(skipped\)\n/);
    assert.doesNotMatch(again.stdout, /submitted/);
  });

  test("a failing task is named with its log's end, and only it runs again", async () => {
    const config = await tinyConfig();
    const args = ["--config", config, "--grid", "optimizer.lr.factor=[0.1,1e38]", "--executor", "slurm"];
    const out = path.join(tempDir("explr-sweep-slurm-"), "s");
    const first = await sweep([...args, "--out", out], env);
    assert.equal(first.code, 1);
    assert.match(
      first.stderr,
      /optimizer.lr.factor=1e\+38 failed \(exit 1\); the end of .*log.txt:\n[\s\S]*training diverged/,
    );
    const again = await sweep([...args, "--out", out], env);
    assert.equal(again.code, 1);
    assert.match(again.stdout, /1 finished already \(skipped\); running 1 .*\n.*array 1\)/);
  });

  test("Ctrl-C cancels the array and leaves no task running", async () => {
    const out = path.join(tempDir("explr-sweep-slurm-"), "s");
    const child = spawn(
      process.execPath,
      [
        cli,
        "sweep",
        fixtureNotebook,
        "--param",
        "waitSeconds=600",
        "--grid",
        "scale=[1,2,3]",
        "--executor",
        "slurm",
        "--out",
        out,
      ],
      { env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    while ((stdout.match(/ running\n/g) ?? []).length < 2) await sleep(250);
    const job = /submitted Slurm job (\d+)/.exec(stdout)?.[1] as string;
    child.kill("SIGINT");
    assert.equal(await exited, 130, stdout);
    const { stdout: states } = await promisify(execFile)(
      "squeue",
      ["-h", "-r", "-t", "all", "-j", job, "-o", "%T"],
      { env },
    );
    assert.deepEqual([...new Set(states.trim().split("\n"))].sort(), ["CANCELLED"]);
    await until(
      async () => (await processesMentioning(out)).length === 0,
      "no process of the tasks left",
      20,
    );
  });
});
