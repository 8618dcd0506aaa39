import assert from "node:assert/strict";
import { test } from "node:test";
import { resultsCsv, type SweepResults, type SweepRow } from "../../src/sweep/collect.js";
import { MANIFEST_FORMAT } from "../../src/sweep/manifest.js";
import { bandPlot } from "../../src/sweep/report.js";
import { configurations, spread } from "../../src/sweep/summary.js";

function row(
  name: string,
  parameters: SweepRow["parameters"],
  value: number,
  curve: number[],
  state: SweepRow["state"] = "finished",
): SweepRow {
  return {
    name,
    index: 0,
    state,
    seconds: 1,
    parameters,
    values: { value },
    curves: { curve: { x: curve.map((_, i) => i + 1), y: curve } },
  };
}

const results: SweepResults = {
  dir: "d",
  manifest: {
    format: MANIFEST_FORMAT,
    version: 1,
    explrVersion: "0",
    target: { kind: "notebook", notebook: "/n.ipynb" },
    fixed: {},
    grid: [],
    threadsPerRun: 1,
    runs: [],
  },
  keys: ["lr", "seed"],
  valueNames: ["value"],
  rows: [
    row("a", { lr: 0.1, seed: 0 }, 1, [1, 2]),
    row("b", { lr: 0.1, seed: 1 }, 3, [3, 4]),
    row("c", { lr: 0.2, seed: 0 }, 5, [5, 6, 7]),
    row("d", { lr: 0.2, seed: 1 }, 100, [0], "failed"),
  ],
};

test("spread is the mean and the sample standard deviation", () => {
  assert.deepEqual(spread([1, 3]), { mean: 2, std: Math.SQRT2, count: 2 });
  assert.deepEqual(spread([5]), { mean: 5, std: 0, count: 1 });
});

test("configurations group the finished runs over their seeds", () => {
  const groups = configurations(results);
  assert.deepEqual(
    groups.map((g) => [g.label, g.rows.length, g.values.value]),
    [
      ["lr=0.1", 2, { mean: 2, std: Math.SQRT2, count: 2 }],
      ["lr=0.2", 1, { mean: 5, std: 0, count: 1 }],
    ],
  );
  assert.deepEqual(groups[0].curves.curve, { x: [1, 2], mean: [2, 3], std: [Math.SQRT2, Math.SQRT2] });
  const bySeeds = configurations({
    ...results,
    rows: [row("a", { seeds: [0] }, 1, [1]), row("b", { seeds: [1] }, 2, [1])],
  });
  assert.deepEqual(
    bySeeds.map((g) => [g.label, g.rows.length]),
    [["all runs", 2]],
  );
});

test("the band plot draws a mean line and a band per configuration, and names the curves it has", () => {
  const figure = bandPlot(results, "curve");
  assert.equal(figure.data.length, 4);
  assert.deepEqual(figure.data[1].y, [2, 3]);
  assert.deepEqual(figure.data[0].y, [2 + Math.SQRT2, 3 + Math.SQRT2, 3 - Math.SQRT2, 2 - Math.SQRT2]);
  assert.equal(figure.data[1].name, "lr=0.1 (2 runs)");
  assert.throws(() => bandPlot(results, "loss"), /no finished run has loss; the curves are: curve/);
});

test("the CSV quotes fields with commas and writes arrays as JSON", () => {
  const csv = resultsCsv({ ...results, rows: [row("lr=0.1,seed=0", { lr: 0.1, seed: 0 }, 1, [1])] });
  assert.equal(csv, 'name,state,seconds,lr,seed,value\n"lr=0.1,seed=0",finished,1,0.1,0,1\n');
});
