import assert from "node:assert/strict";
import { test } from "node:test";
import { gridProduct, parseFixedArgs, parseGridArg, parseSeeds } from "../../src/sweep/grid.js";

test("a grid argument is a key and a JSON array; a dotted key reaches a nested field", () => {
  assert.deepEqual(parseGridArg("optimizer.lr.init=[0.05,0.1]"), {
    key: "optimizer.lr.init",
    values: [0.05, 0.1],
  });
  assert.deepEqual(parseGridArg("seeds=[[0],[1]]"), { key: "seeds", values: [[0], [1]] });
  assert.deepEqual(parseGridArg('label=["a","b"]'), { key: "label", values: ["a", "b"] });
});

test("an empty grid, a value that is no array, and a bad key are refused naming the fix", () => {
  assert.throws(() => parseGridArg("lr=[]"), /empty list gives no runs; give at least one value/);
  assert.throws(() => parseGridArg("lr=0.1"), /must be a JSON array, e.g. --grid 'lr=\[0.05,0.1\]'/);
  assert.throws(() => parseGridArg("lr=[0.1"), /must be a JSON array/);
  assert.throws(() => parseGridArg("=[1]"), /must be KEY=VALUE/);
  assert.throws(() => parseGridArg("a..b=[1]"), /dotted path/);
  assert.throws(() => parseGridArg("a.__proto__=[1]"), /object machinery/);
});

test("fixed parameters read values as explr run does: JSON, else the plain string", () => {
  assert.deepEqual(
    parseFixedArgs(["configuration=cpu-smoke", "steps=300", "data.augment=false", 'tag="10"']),
    {
      configuration: "cpu-smoke",
      steps: 300,
      "data.augment": false,
      tag: "10",
    },
  );
  assert.throws(() => parseFixedArgs(["steps"]), /must be KEY=VALUE/);
});

test("seeds are a range or a list", () => {
  assert.deepEqual(parseSeeds("0..4"), [0, 1, 2, 3, 4]);
  assert.deepEqual(parseSeeds("3,1,7"), [3, 1, 7]);
  assert.throws(() => parseSeeds("4..0"), /range is empty/);
  assert.throws(() => parseSeeds("a"), /range like 0..4 or a list like 0,1,2/);
});

test("the runs are the product of the axes, the last varying fastest", () => {
  const runs = gridProduct([
    { key: "lr", values: [0.1, 0.2] },
    { key: "seed", values: [0, 1, 2] },
  ]);
  assert.equal(runs.length, 6);
  assert.deepEqual(runs.slice(0, 4), [
    { lr: 0.1, seed: 0 },
    { lr: 0.1, seed: 1 },
    { lr: 0.1, seed: 2 },
    { lr: 0.2, seed: 0 },
  ]);
  assert.deepEqual(gridProduct([]), [{}]);
  assert.throws(
    () =>
      gridProduct([
        { key: "lr", values: [1] },
        { key: "lr", values: [2] },
      ]),
    /given twice/,
  );
});
