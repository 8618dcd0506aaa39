import assert from "node:assert/strict";
import { test } from "node:test";
import { runName } from "../../src/sweep/run-name.js";

test("a run's name is readable and depends only on its parameters", () => {
  assert.equal(runName({ "optimizer.lr.init": 0.1, seed: 2 }), "optimizer.lr.init=0.1,seed=2");
  assert.equal(
    runName({ configuration: "cpu-smoke", seeds: [1] }).startsWith("configuration=cpu-smoke,seeds=_1_-"),
    true,
  );
  assert.equal(runName({ seeds: [1] }), runName({ seeds: [1] }));
  assert.equal(runName({}), "run");
});

test("names that lose characters or length carry a hash, so different runs never share a folder", () => {
  const a = runName({ label: "a/b" });
  const b = runName({ label: "a_b" });
  assert.notEqual(a, b);
  assert.match(a, /^label=a_b-[0-9a-f]{8}$/);
  const long = runName({ text: "x".repeat(200) });
  assert.ok(long.length <= 90);
  assert.notEqual(long, runName({ text: `${"x".repeat(199)}y` }));
});
