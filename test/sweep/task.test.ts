import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { MANIFEST_FORMAT, runsOf, type SweepManifest, writeManifest } from "../../src/sweep/manifest.js";
import { explrVersion } from "../../src/sweep/version.js";
import { tempDir } from "../temp-dirs.js";
import { fixtureNotebook, sweep } from "./fixture.js";

test("a task refuses a sweep planned by another explr version, a missing manifest and an unknown index", async () => {
  const dir = path.join(tempDir("explr-sweep-task-"), "s");
  const missing = await sweep(["task", dir, "0"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no sweep.json in .*must be on a file system every node shares/);
  const grid = [{ key: "scale", values: [1] }];
  const manifest = (version: string): SweepManifest => ({
    format: MANIFEST_FORMAT,
    version: 1,
    explrVersion: version,
    target: { kind: "notebook", notebook: fixtureNotebook },
    fixed: {},
    grid,
    threadsPerRun: 1,
    runs: runsOf(grid),
  });
  await writeManifest(dir, manifest("0.0.0-other"));
  const other = await sweep(["task", dir, "0"]);
  assert.equal(other.code, 1);
  assert.match(
    other.stderr,
    /planned by explr 0.0.0-other but this node runs .*install the same explr where the tasks run/,
  );
  await writeManifest(dir, manifest(explrVersion));
  const unknown = await sweep(["task", dir, "5"]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /has runs 0..0, not 5/);
  const usage = await sweep(["task", dir]);
  assert.equal(usage.code, 2);
});
