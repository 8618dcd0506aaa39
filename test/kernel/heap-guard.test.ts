import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { HeapLimitError, noHeapGuard, startHeapGuard } from "../../kernel/heap-guard.js";
import { heapGuardSkip } from "./heap-guard-skip.js";

const child = fileURLToPath(new URL("heap-guard-child.js", import.meta.url));

/** Runs heap-guard-child.ts with a 64 MB heap; its one JSON line. */
function fillHeap(how: "sync" | "outside" | "flag", env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  const run = spawnSync(process.execPath, ["--max-old-space-size=64", child, how], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(run.status, 0, `the child ended (${run.status}, ${run.signal}): ${run.stderr.slice(-2000)}`);
  return JSON.parse(run.stdout);
}

test("a HeapLimitError is a MemoryError that says the limit and the knob", () => {
  const error = new HeapLimitError(64 * 2 ** 20);
  assert.ok(error instanceof RangeError);
  assert.equal(error.name, "MemoryError");
  assert.equal(error.limitBytes, 64 * 2 ** 20);
  assert.match(error.message, /^memory ran out: .* limit of 64 MB .*NODE_OPTIONS=--max-old-space-size/);
});

test("without the addon the guard only runs, and says why it is off", () => {
  const guard = noHeapGuard("no g++");
  assert.equal(guard.off, "no g++");
  assert.equal(guard.trips, 0);
  assert.equal(
    guard.run(() => 7),
    7,
  );
  process.env.EXPLR_HEAP_GUARD = "0";
  try {
    const off = startHeapGuard(() => {});
    assert.equal(off.off, "turned off by EXPLR_HEAP_GUARD=0");
  } finally {
    delete process.env.EXPLR_HEAP_GUARD;
  }
});

test("without the addon a full heap ends the process, as V8 does", { timeout: 90_000 }, () => {
  const run = spawnSync(process.execPath, ["--max-old-space-size=64", child, "sync"], {
    env: { ...process.env, EXPLR_HEAP_GUARD: "0" },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /JavaScript heap out of memory/);
});

test("a synchronous run that fills the heap throws a MemoryError, and its garbage is collected", {
  skip: heapGuardSkip(),
  timeout: 90_000,
}, () => {
  const result = fillHeap("sync");
  assert.equal(result.off, null);
  const thrown = result.thrown as { name: string; message: string };
  assert.equal(thrown.name, "MemoryError");
  assert.match(thrown.message, /^memory ran out: the JavaScript heap reached its limit of 64 MB/);
  assert.equal(result.afterwards, 20);
  assert.equal(result.trips, 1, "counted once");
  assert.equal(result.lastError, "MemoryError");
});

test("code after an await that fills the heap is told on the event loop, once it yields", {
  skip: heapGuardSkip(),
  timeout: 90_000,
}, () => {
  const result = fillHeap("outside");
  assert.deepEqual(
    (result.outside as string[]).map((message) => message.slice(0, 62)),
    ["memory ran out: the JavaScript heap reached its limit of 64 MB"],
  );
  assert.equal(result.trips, 1, "counted once");
});

test("code after an await that never yields sees the flag; the limit is taken once, not told again on the event loop", {
  skip: heapGuardSkip(),
  timeout: 90_000,
}, () => {
  const result = fillHeap("flag");
  const thrown = result.thrown as { name: string; message: string };
  assert.equal(thrown.name, "MemoryError");
  assert.match(thrown.message, /^memory ran out: the JavaScript heap reached its limit of 64 MB/);
  assert.equal(result.flagAfter, 0, "taking lowers the flag");
  assert.deepEqual(result.outside, [], "the wake-up finds nothing to tell");
  assert.equal(result.takenAgain, null, "nothing is pending any more");
  assert.equal(result.trips, 1, "counted once");
});
