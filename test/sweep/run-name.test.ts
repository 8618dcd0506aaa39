import assert from "node:assert/strict";
import { test } from "node:test";
import { runName } from "../../src/sweep/run-name.js";

test("a run's name is readable and depends only on its parameters", () => {
  assert.equal(runName({ "optimizer.lr.init": 0.1, seed: 2 }), "optimizer.lr.init=0.1,seed=2");
  assert.equal(runName({ configuration: "cpu-smoke", seeds: [1] }), "configuration=cpu-smoke,seeds=1");
  assert.equal(runName({ seeds: [0, 1], flag: true, none: null }), "seeds=0,1,flag=true,none=null");
  assert.equal(runName({ seeds: [1] }), runName({ seeds: [1] }));
  assert.equal(runName({}), "run");
});

test("names that lose characters, types or length carry a hash, so different runs never share a folder", () => {
  const a = runName({ label: "a/b" });
  assert.notEqual(a, runName({ label: "a_b" }));
  assert.match(a, /^label=a_b-[0-9a-f]{8}$/);
  // a string that reads as a number, an item with a comma, nested arrays, an empty array
  assert.match(runName({ seed: "0" }), /^seed=0-[0-9a-f]{8}$/);
  assert.equal(runName({ seed: 0 }), "seed=0");
  assert.notEqual(runName({ seeds: ["0,1"] }), runName({ seeds: [0, 1] }));
  assert.match(runName({ seeds: [[0], [1]] }), /-[0-9a-f]{8}$/);
  assert.match(runName({ seeds: [] }), /^seeds=_-[0-9a-f]{8}$/);
  const long = runName({ text: "x".repeat(200) });
  assert.ok(long.length <= 90);
  assert.notEqual(long, runName({ text: `${"x".repeat(199)}y` }));
});

test("hashed: a lossless name with its hash, for runs whose readable names coincide", () => {
  assert.equal(runName({ seeds: [0] }), runName({ seeds: 0 }));
  assert.notEqual(runName({ seeds: [0] }, { hashed: true }), runName({ seeds: 0 }, { hashed: true }));
  assert.match(runName({ seeds: [0] }, { hashed: true }), /^seeds=0-[0-9a-f]{8}$/);
});
