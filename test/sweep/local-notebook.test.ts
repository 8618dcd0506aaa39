import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { type RunStatus, STATUS_FILE } from "../../src/sweep/run-status.js";
import { tempDir } from "../temp-dirs.js";
import { fixtureNotebook, sweep, withoutSeconds } from "./fixture.js";

const readStatus = async (dir: string, name: string) =>
  JSON.parse(await readFile(path.join(dir, "runs", name, STATUS_FILE), "utf8")) as RunStatus;

test("a notebook sweep runs in parallel, records values, resumes, extends, and its table is exact", async () => {
  const out = path.join(tempDir("explr-sweep-local-"), "s");
  const args = [fixtureNotebook, "--grid", "scale=[1,2]", "--seeds", "0", "--parallel", "2", "--out", out];
  const first = await sweep(args);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /2 run\(s\) in .*; running 2 \(local, 2 runs at a time\)/);
  assert.match(first.stdout, /\[2\/2\] scale=\d,seed=0 finished/);
  const [a, b] = [await readStatus(out, "scale=1,seed=0"), await readStatus(out, "scale=2,seed=0")];
  const span = (s: RunStatus) => [Date.parse(s.started), Date.parse(s.started) + (s.seconds ?? 0) * 1000];
  const [[a0, a1], [b0, b1]] = [span(a), span(b)];
  assert.ok(a0 < b1 && b0 < a1, "the two runs overlapped in time");
  assert.deepEqual(a.parameters, { scale: 1, seed: 0 });
  assert.deepEqual(withoutSeconds(await readFile(path.join(out, "results.csv"), "utf8")), [
    "name,state,scale,seed,value,curve,label",
    '"scale=1,seed=0",finished,1,0,10,"[1,1,1]",s1',
    '"scale=2,seed=0",finished,2,0,20,"[2,2,2]",s2',
  ]);
  const report = await readFile(path.join(out, "report.html"), "utf8");
  assert.match(report, /curve: mean ± std over seeds/);
  assert.match(report, /<td>scale=2<\/td><td>20 ± 0 \(n=1\)<\/td>/);

  const statusTime = (await stat(path.join(out, "runs", "scale=1,seed=0", STATUS_FILE))).mtimeMs;
  const again = await sweep(args);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /2 run\(s\) in .*, 2 finished already \(skipped\)\n/);
  assert.equal((await stat(path.join(out, "runs", "scale=1,seed=0", STATUS_FILE))).mtimeMs, statusTime);

  const changed = [fixtureNotebook, "--grid", "scale=[1,2]", "--seeds", "0,1", "--out", out];
  const refused = await sweep(changed);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /holds this sweep with another grid .* pass --extend/);
  const extended = await sweep([...changed, "--extend"]);
  assert.equal(extended.code, 0, extended.stderr);
  assert.match(extended.stdout, /4 run\(s\) in .*, 2 finished already \(skipped\); running 2/);
  const rows = JSON.parse(await readFile(path.join(out, "results.json"), "utf8")).rows;
  assert.deepEqual(
    rows.map((row: { name: string; values: { value: number } }) => [row.name, row.values.value]),
    [
      ["scale=1,seed=0", 10],
      ["scale=2,seed=0", 20],
      ["scale=1,seed=1", 11],
      ["scale=2,seed=1", 21],
    ],
  );
  const collected = await sweep(["collect", out]);
  assert.equal(collected.code, 0, collected.stderr);
  assert.match(
    await readFile(path.join(out, "report.html"), "utf8"),
    /<td>scale=1<\/td><td>10.5 ± 0.7071 \(n=2\)<\/td>/,
  );
});

test("a failing run does not stop the others; the sweep exits 1 naming it with its log's end, and a rerun retries it", async () => {
  const out = path.join(tempDir("explr-sweep-local-"), "s");
  const args = [fixtureNotebook, "--grid", "fail=[false,true]", "--out", out];
  const first = await sweep(args);
  assert.equal(first.code, 1);
  assert.match(
    first.stderr,
    /fail=true failed \(exit 1\); the end of .*fail=true\/log.txt:\n[\s\S]*asked to fail \(scale 1, seed 0\)/,
  );
  assert.equal((await readStatus(out, "fail=false")).state, "finished");
  assert.equal((await readStatus(out, "fail=true")).state, "failed");
  const again = await sweep(args);
  assert.equal(again.code, 1);
  assert.match(again.stdout, /1 finished already \(skipped\); running 1/);
});

test("bad input is refused before anything runs", async () => {
  const out = path.join(tempDir("explr-sweep-local-"), "s");
  const cases: [string[], RegExp][] = [
    [["--grid", "scael=[1]"], /scael is not a parameter/],
    [["--grid", 'scale=["x"]'], /is a string, but .* declares scale: number/],
    [["--grid", "scale=[]"], /empty list gives no runs/],
    [["--executor", "pbs"], /unknown --executor "pbs"; use local or slurm/],
  ];
  for (const [extra, message] of cases) {
    const result = await sweep([fixtureNotebook, "--out", out, ...extra]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, message);
  }
  await assert.rejects(stat(path.join(out, "sweep.json")), /ENOENT/);
});
