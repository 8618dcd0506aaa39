import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { writeManifest } from "../../src/sweep/manifest.js";
import { planSweep, type SweepRequest } from "../../src/sweep/plan.js";
import { tempDir } from "../temp-dirs.js";

const notebook = "test/fixtures/notebooks/sweep-fixture.ipynb";

function request(out: string, more: Partial<SweepRequest> = {}): SweepRequest {
  return {
    notebook,
    fixed: {},
    grid: [{ key: "scale", values: [1, 2] }],
    seeds: [0, 1],
    out,
    extend: false,
    threadsPerRun: 1,
    ...more,
  };
}

test("a plan has the grid's runs, seeds last, and writes nothing", async () => {
  const out = path.join(tempDir("explr-sweep-plan-"), "s");
  const manifest = await planSweep(request(out));
  assert.deepEqual(
    manifest.runs.map((r) => r.name),
    ["scale=1,seed=0", "scale=1,seed=1", "scale=2,seed=0", "scale=2,seed=1"],
  );
  assert.deepEqual(manifest.grid.at(-1), { key: "seed", values: [0, 1] });
});

test("a folder that cannot be written, or holds other files and no sweep, is refused before anything runs", async () => {
  const dir = tempDir("explr-sweep-plan-");
  await writeFile(path.join(dir, "file"), "");
  await assert.rejects(
    planSweep(request(path.join(dir, "file", "s"))),
    /explr sweep cannot write its output folder .*file\/s \(a part of the path is a file/,
  );
  await mkdir(path.join(dir, "busy"));
  await writeFile(path.join(dir, "busy", "notes.txt"), "");
  await assert.rejects(
    planSweep(request(path.join(dir, "busy"))),
    /is not empty \(notes.txt\) and holds no sweep.json/,
  );
});

test("a folder holding another sweep is refused, and the same sweep is resumed", async () => {
  const out = path.join(tempDir("explr-sweep-plan-"), "s");
  const first = await planSweep(request(out));
  await writeManifest(out, first);
  assert.deepEqual((await planSweep(request(out))).runs, first.runs);
  await assert.rejects(planSweep(request(out, { fixed: { waitSeconds: 1 } })), /holds another sweep/);
  await assert.rejects(planSweep(request(out, { seeds: [0, 1, 2] })), /another grid .* --extend/);
});

test("contradictory options are refused", async () => {
  const out = path.join(tempDir("explr-sweep-plan-"), "s");
  await assert.rejects(
    planSweep(request(out, { grid: [{ key: "seed", values: [1] }] })),
    /--seeds and --grid seed/,
  );
  await assert.rejects(
    planSweep(request(out, { fixed: { scale: 3 } })),
    /scale is given both as --param and --grid/,
  );
  await assert.rejects(
    planSweep(request(out, { notebook: undefined })),
    /exactly one of a notebook and --config/,
  );
});
