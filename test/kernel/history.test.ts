import assert from "node:assert/strict";
import { test } from "node:test";
import { globToRegExp, History } from "../../kernel/history.js";

function filled(): History {
  const history = new History(3);
  for (const [i, input] of ["const a = 1", "a * 2", "console.log(a)", "a * 2"].entries())
    history.add(i + 1, input);
  history.setOutput(2, "2");
  return history;
}

test("tail gives the last n entries as [session, line, input]", () => {
  assert.deepEqual(filled().query({ hist_access_type: "tail", n: 2 }), [
    [3, 3, "console.log(a)"],
    [3, 4, "a * 2"],
  ]);
});

test("output: true pairs each input with its text/plain result, or null", () => {
  assert.deepEqual(filled().query({ hist_access_type: "range", start: 1, stop: 3, output: true }), [
    [3, 1, ["const a = 1", null]],
    [3, 2, ["a * 2", "2"]],
  ]);
});

test("range is start inclusive, stop exclusive; another session's range is empty", () => {
  const history = filled();
  assert.deepEqual(history.query({ hist_access_type: "range", session: 3, start: 2, stop: 3 }), [
    [3, 2, "a * 2"],
  ]);
  assert.deepEqual(history.query({ hist_access_type: "range", session: 0, start: 4 }), [[3, 4, "a * 2"]]);
  assert.deepEqual(history.query({ hist_access_type: "range", session: 9, start: 1 }), []);
});

test("search matches a glob, keeps repeats unless unique, and takes the last n", () => {
  const history = filled();
  assert.equal(history.query({ hist_access_type: "search", pattern: "a ? 2" }).length, 2);
  assert.deepEqual(history.query({ hist_access_type: "search", pattern: "a ? 2", unique: true }), [
    [3, 4, "a * 2"],
  ]);
  assert.deepEqual(history.query({ hist_access_type: "search", pattern: "*", n: 1 }), [[3, 4, "a * 2"]]);
  assert.deepEqual(history.query({ hist_access_type: "search", pattern: "nothing*" }), []);
});

test("glob wildcards: * any text, ? one character, the rest literal", () => {
  assert.ok(globToRegExp("6?7").test("6*7"));
  assert.ok(!globToRegExp("6?7").test("6*77"));
  assert.ok(globToRegExp("(a)*").test("(a) + [b]"));
  assert.ok(!globToRegExp("a.b").test("axb"));
});

test("an unknown access type is an error naming the allowed ones", () => {
  assert.throws(
    () => filled().query({ hist_access_type: "everything" as "tail" }),
    /"everything" is not one of tail, range, search/,
  );
});
