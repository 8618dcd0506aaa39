import assert from "node:assert/strict";
import { test } from "node:test";
import type { GridAxis } from "../../src/sweep/grid.js";
import { MANIFEST_FORMAT, mergeManifest, runsOf, type SweepManifest } from "../../src/sweep/manifest.js";

function manifest(grid: GridAxis[], notebook = "/n/a.ipynb", fixed = {}): SweepManifest {
  return {
    format: MANIFEST_FORMAT,
    version: 1,
    explrVersion: "1.0.0",
    target: { kind: "notebook", notebook },
    fixed,
    grid,
    threadsPerRun: 1,
    runs: runsOf(grid),
  };
}

const lrs = (values: number[]): GridAxis => ({ key: "lr", values });
const seeds = (values: number[]): GridAxis => ({ key: "seed", values });

test("runs are numbered and named from the grid", () => {
  const runs = runsOf([lrs([0.1, 0.2]), seeds([0])]);
  assert.deepEqual(
    runs.map((r) => [r.index, r.name]),
    [
      [0, "lr=0.1,seed=0"],
      [1, "lr=0.2,seed=0"],
    ],
  );
  assert.throws(() => runsOf([lrs([0.1, 0.1])]), /same run twice/);
});

test("runs whose readable names coincide are told apart by their hashes, in a grid and when extended", () => {
  const mixed: GridAxis = { key: "seeds", values: [[0], 0, [1]] };
  const names = runsOf([mixed]).map((r) => r.name);
  assert.match(names[0], /^seeds=0-[0-9a-f]{8}$/);
  assert.match(names[1], /^seeds=0-[0-9a-f]{8}$/);
  assert.notEqual(names[0], names[1]);
  assert.equal(names[2], "seeds=1");
  const existing = manifest([{ key: "seeds", values: [0] }]);
  const merged = mergeManifest("d", existing, manifest([{ key: "seeds", values: [[0]] }]), true);
  assert.deepEqual(merged.runs[0], existing.runs[0]);
  assert.match(merged.runs[1].name, /^seeds=0-[0-9a-f]{8}$/);
});

test("a new folder takes the requested sweep; the same grid resumes the existing manifest", () => {
  const requested = manifest([lrs([0.1, 0.2])]);
  assert.equal(mergeManifest("d", undefined, requested, false), requested);
  const existing = manifest([lrs([0.1, 0.2])]);
  assert.deepEqual(mergeManifest("d", existing, manifest([lrs([0.1, 0.2])]), false).runs, existing.runs);
});

test("a changed grid is refused without --extend, and --extend appends only the new runs", () => {
  const existing = manifest([lrs([0.1, 0.2]), seeds([0])]);
  const asked = manifest([lrs([0.2, 0.4]), seeds([0, 1])]);
  assert.throws(() => mergeManifest("d", existing, asked, false), /another grid .* pass --extend/);
  const merged = mergeManifest("d", existing, asked, true);
  assert.deepEqual(
    merged.runs.map((r) => [r.index, r.name]),
    [
      [0, "lr=0.1,seed=0"],
      [1, "lr=0.2,seed=0"],
      [2, "lr=0.2,seed=1"],
      [3, "lr=0.4,seed=0"],
      [4, "lr=0.4,seed=1"],
    ],
  );
  assert.deepEqual(merged.grid, [lrs([0.1, 0.2, 0.4]), seeds([0, 1])]);
  assert.throws(() => mergeManifest("d", existing, manifest([lrs([0.3])]), true), /adds values to the keys/);
});

test("a folder holding a sweep of another notebook or other fixed parameters is refused", () => {
  const existing = manifest([lrs([0.1])]);
  assert.throws(
    () => mergeManifest("d", existing, manifest([lrs([0.1])], "/n/b.ipynb"), true),
    /d holds another sweep/,
  );
  assert.throws(
    () => mergeManifest("d", existing, manifest([lrs([0.1])], "/n/a.ipynb", { steps: 3 }), true),
    /another sweep/,
  );
});
