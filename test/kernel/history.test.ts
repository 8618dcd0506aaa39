import assert from "node:assert/strict";
import { test } from "node:test";
import { globToRegExp, History, type HistoryRecord } from "../../kernel/history.js";

/** Two earlier sessions, so this one is session 3. */
const earlier: HistoryRecord[] = [
  { session: 1, line: 1, input: "let old = 1", output: null },
  { session: 2, line: 1, input: "old + 1", output: "2" },
];

function filled(): History {
  const history = new History(earlier);
  for (const [i, input] of ["const a = 1", "a * 2", "console.log(a)", "a * 2"].entries())
    history.add(i + 1, input);
  history.setOutput(2, "2");
  return history;
}

test("tail gives the last n entries as [session, line, input], reaching into earlier sessions", () => {
  assert.deepEqual(filled().query({ hist_access_type: "tail", n: 2 }), [
    [3, 3, "console.log(a)"],
    [3, 4, "a * 2"],
  ]);
  assert.deepEqual(filled().query({ hist_access_type: "tail", n: 5, output: true }).slice(0, 2), [
    [2, 1, ["old + 1", "2"]],
    [3, 1, ["const a = 1", null]],
  ]);
});

test("output: true pairs each input with its text/plain result, or null", () => {
  assert.deepEqual(filled().query({ hist_access_type: "range", start: 1, stop: 3, output: true }), [
    [3, 1, ["const a = 1", null]],
    [3, 2, ["a * 2", "2"]],
  ]);
});

test("range is start inclusive, stop exclusive; sessions 0 (this), negative (relative) and positive (absolute)", () => {
  const history = filled();
  assert.equal(history.session, 3);
  assert.deepEqual(history.query({ hist_access_type: "range", session: 3, start: 2, stop: 3 }), [
    [3, 2, "a * 2"],
  ]);
  assert.deepEqual(history.query({ hist_access_type: "range", session: 0, start: 4 }), [[3, 4, "a * 2"]]);
  assert.deepEqual(history.query({ hist_access_type: "range", session: -1, start: 1 }), [[2, 1, "old + 1"]]);
  assert.deepEqual(history.query({ hist_access_type: "range", session: 1, start: 1 }), [
    [1, 1, "let old = 1"],
  ]);
  assert.deepEqual(history.query({ hist_access_type: "range", session: 9, start: 1 }), []);
});

test("without earlier sessions this is session 1; every new line and output reaches the sink", () => {
  const seen: string[] = [];
  const history = new History([], {
    added: (r) => seen.push(`add ${r.session}:${r.line} ${r.input}`),
    outputSet: (r) => seen.push(`out ${r.session}:${r.line} ${r.output}`),
  });
  history.add(1, "6 * 7");
  history.setOutput(1, "42");
  history.setOutput(9, "no such line");
  assert.deepEqual(seen, ["add 1:1 6 * 7", "out 1:1 42"]);
});

test("search matches a glob, keeps repeats unless unique, and takes the last n", () => {
  const history = filled();
  assert.equal(history.query({ hist_access_type: "search", pattern: "a ? 2" }).length, 2);
  assert.deepEqual(history.query({ hist_access_type: "search", pattern: "a ? 2", unique: true }), [
    [3, 4, "a * 2"],
  ]);
  assert.deepEqual(history.query({ hist_access_type: "search", pattern: "*", n: 1 }), [[3, 4, "a * 2"]]);
  assert.deepEqual(history.query({ hist_access_type: "search", pattern: "*old*" }), [
    [1, 1, "let old = 1"],
    [2, 1, "old + 1"],
  ]);
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
