import assert from "node:assert/strict";
import { appendFileSync, chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { History } from "../../kernel/history.js";
import { HistoryFile, historyPath } from "../../kernel/history-file.js";
import { tempDir } from "../temp-dirs.js";

/** A kernel session over `file`: what a kernel start does. */
function session(file: string, id: string, log: (line: string) => void = () => {}, keep?: number): History {
  const { earlier, sink } = HistoryFile.open(file, id, log, keep);
  return new History(earlier, sink);
}

test("sessions survive restarts: numbered in order, with their outputs", () => {
  const file = path.join(tempDir("explr-history-"), "nested", "history.jsonl");
  const first = session(file, "kernel-a");
  first.add(1, "const a = 6");
  first.add(2, "a * 7");
  first.setOutput(2, "42");
  const second = session(file, "kernel-b");
  assert.equal(second.session, 2);
  second.add(1, "'again'");
  const third = session(file, "kernel-c");
  assert.equal(third.session, 3);
  assert.deepEqual(third.query({ hist_access_type: "tail", n: 10, output: true }), [
    [1, 1, ["const a = 6", null]],
    [1, 2, ["a * 7", "42"]],
    [2, 1, ["'again'", null]],
  ]);
  assert.deepEqual(third.query({ hist_access_type: "range", session: -2, start: 2 }), [[1, 2, "a * 7"]]);
});

test("a line cut short by a crash is skipped, the rest is kept", () => {
  const file = path.join(tempDir("explr-history-"), "history.jsonl");
  session(file, "k1").add(1, "before the crash");
  appendFileSync(file, '{"k":"k1","l":2,"i":"cut sh');
  appendFileSync(file, "\n");
  session(file, "k2").add(1, "after");
  const entries = session(file, "k3").query({ hist_access_type: "tail" });
  assert.deepEqual(entries, [
    [1, 1, "before the crash"],
    [2, 1, "after"],
  ]);
});

test("the file keeps the last inputs and the session numbers when it is shortened", () => {
  const file = path.join(tempDir("explr-history-"), "history.jsonl");
  for (let s = 1; s <= 5; s++) {
    const h = session(file, `k${s}`, () => {}, 3);
    h.add(1, `s${s} line 1`);
    h.add(2, `s${s} line 2`);
  }
  // 8 inputs > 2 × 3 when the fifth session started: the file was rewritten to the last 3 (from session 3 on),
  // then session 5 appended its two
  const kept = readFileSync(file, "utf8").trim().split("\n");
  assert.deepEqual(JSON.parse(kept[0]), { first: 3 });
  assert.equal(kept.length, 1 + 3 + 2);
  const sixth = session(file, "k6", () => {}, 3);
  assert.equal(sixth.session, 6);
  const seventh = session(file, "k7", () => {}, 3);
  assert.equal(seventh.session, 6, "session 6 wrote nothing, so the next one takes its number");
  assert.deepEqual(seventh.query({ hist_access_type: "tail" }), [
    [4, 2, "s4 line 2"],
    [5, 1, "s5 line 1"],
    [5, 2, "s5 line 2"],
  ]);
});

test("the file holds code: created readable by its owner only, in a private folder; an open one is tightened", () => {
  const mode = (p: string) => statSync(p).mode & 0o777;
  const file = path.join(tempDir("explr-history-"), "new-folder", "history.jsonl");
  session(file, "k1").add(1, "const secret = 'token'");
  assert.equal(mode(file).toString(8), "600");
  assert.equal(mode(path.dirname(file)).toString(8), "700");

  const loose = path.join(tempDir("explr-history-"), "history.jsonl");
  writeFileSync(loose, "");
  chmodSync(loose, 0o644);
  session(loose, "k2");
  assert.equal(mode(loose).toString(8), "600");

  const shortened = path.join(tempDir("explr-history-"), "history.jsonl");
  for (let s = 1; s <= 4; s++) session(shortened, `k${s}`, () => {}, 1).add(1, `s${s}`);
  assert.match(readFileSync(shortened, "utf8"), /^\{"first":/, "rewritten");
  assert.equal(mode(shortened).toString(8), "600");
});

test("a file that cannot be written is reported once, with the fix; the history stays in memory", () => {
  const dir = tempDir("explr-history-");
  const file = path.join(dir, "locked", "history.jsonl");
  mkdirSync(path.dirname(file));
  writeFileSync(file, "");
  chmodSync(file, 0o444);
  const logged: string[] = [];
  const h = session(file, "k", (line) => logged.push(line));
  h.add(1, "one");
  h.add(2, "two");
  if (process.getuid?.() === 0) {
    // root writes through permissions: the write went to the file instead
    assert.equal(logged.length, 0);
    assert.match(readFileSync(file, "utf8"), /"two"/);
  } else {
    assert.equal(logged.length, 1);
    assert.match(logged[0], /cannot be written .* EXPLR_HISTORY_FILE/);
  }
  assert.equal(h.query({ hist_access_type: "tail" }).length, 2);
});

test("historyPath: EXPLR_HISTORY_FILE, empty for none, else XDG_DATA_HOME, else ~/.local/share", () => {
  assert.equal(historyPath({ EXPLR_HISTORY_FILE: "/x/h.jsonl" }), "/x/h.jsonl");
  assert.equal(historyPath({ EXPLR_HISTORY_FILE: "" }), undefined);
  assert.equal(historyPath({ XDG_DATA_HOME: "/data" }), path.join("/data", "explr", "history.jsonl"));
  assert.match(String(historyPath({})), /\.local[/\\]share[/\\]explr[/\\]history\.jsonl$/);
});
