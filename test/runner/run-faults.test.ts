/**
 * `explr run` owns its kernels: stopped by SIGINT or SIGTERM, or killed by SIGKILL in the middle of a cell, it leaves
 * no kernel running, no connection file (it holds the key) and no half-written notebook; stopped by a signal, it
 * writes what ran so far, the notebook it was running marked interrupted, and the index.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cliPath } from "../../cli/path.js";
import type { CodeCell, Notebook } from "../../src/report/nbformat.js";
import { tempDir } from "../temp-dirs.js";

const notebook = (...sources: string[]): string =>
  JSON.stringify({
    nbformat: 4,
    nbformat_minor: 4,
    metadata: {},
    cells: sources.map((source) => ({
      cell_type: "code",
      metadata: {},
      source,
      execution_count: null,
      outputs: [],
    })),
  } satisfies Notebook);

/** A cell that tells the test its kernel (pid and command line), then blocks the kernel's main thread for a minute. */
const blockingCell = (marker: string) =>
  `import { writeFileSync } from "node:fs";\n` +
  `writeFileSync(${JSON.stringify(marker)}, JSON.stringify({ pid: process.pid, argv: process.argv }));\n` +
  "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);";

/** Whether `pid` runs: a zombie (ended, not yet reaped by whoever inherited it) counts as ended. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true; // no /proc: the signal test above is all there is
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await sleep(50);
  }
}

interface Started {
  readonly runner: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly stderr: () => string;
  readonly kernelPid: number;
  readonly connectionFile: string;
  readonly out: string;
}

/** Starts `explr run` on a quick notebook and then a blocking one; resolves once the blocking cell runs. */
async function startRun(): Promise<Started> {
  const dir = tempDir("explr-run-owned-");
  const marker = path.join(dir, "kernel.json");
  writeFileSync(path.join(dir, "a-quick.ipynb"), notebook("1 + 1"));
  writeFileSync(path.join(dir, "b-blocking.ipynb"), notebook(blockingCell(marker)));
  const out = path.join(dir, "out");
  const runner = spawn(process.execPath, [cliPath, "run", dir, "--out", out], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  runner.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    runner.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const kernel = await waitFor(
    "the blocking cell",
    () =>
      existsSync(marker)
        ? (JSON.parse(readFileSync(marker, "utf8")) as { pid: number; argv: string[] })
        : undefined,
    60_000,
  );
  const connectionFile = kernel.argv[kernel.argv.indexOf("--connection-file") + 1];
  return { runner, exited, stderr: () => stderr, kernelPid: kernel.pid, connectionFile, out };
}

async function assertKernelEnded(started: Started): Promise<void> {
  await waitFor("the kernel to end", () => (running(started.kernelPid) ? undefined : true), 5000);
  await waitFor(
    "the connection file to go",
    () => (existsSync(started.connectionFile) ? undefined : true),
    5000,
  );
  assert.ok(!existsSync(path.dirname(started.connectionFile)), "its private folder is gone too");
}

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  test(`${signal} to explr run mid-cell ends its kernel and removes the connection file; exit ${code}`, {
    timeout: 90_000,
  }, async () => {
    const started = await startRun();
    started.runner.kill(signal);
    assert.deepEqual(await started.exited, { code, signal: null });
    assert.match(
      started.stderr(),
      new RegExp(`explr run: stopped by ${signal}; its kernel is ended, what ran so far is written`),
    );
    await assertKernelEnded(started);
    // the notebook it was running is written, its cell marked interrupted; the index says so
    assert.deepEqual(readdirSync(started.out).sort(), [
      "a-quick.html",
      "a-quick.ipynb",
      "b-blocking.html",
      "b-blocking.ipynb",
      "index.html",
    ]);
    const stopped = JSON.parse(readFileSync(path.join(started.out, "b-blocking.ipynb"), "utf8")) as Notebook;
    const [cell] = stopped.cells as CodeCell[];
    assert.deepEqual(
      cell.outputs.map((output) => output.output_type === "error" && [output.ename, output.evalue]),
      [["Interrupted", `explr run was stopped (${signal}) during this cell; the cells after it did not run`]],
    );
    const index = readFileSync(path.join(started.out, "index.html"), "utf8");
    assert.match(index, /b-blocking\.ipynb, [\d.]+ s, interrupted at cell 1/);
    assert.match(index, new RegExp(`Interrupted by ${signal}`));
    assert.match(readFileSync(path.join(started.out, "b-blocking.html"), "utf8"), /explr run was stopped/);
  });
}

test("SIGKILL of explr run mid-cell: its kernel ends, the connection file goes, no notebook is half-written", {
  timeout: 90_000,
}, async () => {
  const started = await startRun();
  const key = JSON.parse(readFileSync(started.connectionFile, "utf8")).key;
  assert.equal(typeof key, "string");
  assert.equal(readdirSync(path.dirname(started.connectionFile)).length, 1);
  started.runner.kill("SIGKILL");
  assert.equal((await started.exited).signal, "SIGKILL");
  await assertKernelEnded(started);
  // the notebook that finished is whole; of the one killed mid-cell there is nothing, not even a temporary file
  assert.deepEqual(readdirSync(started.out).sort(), ["a-quick.html", "a-quick.ipynb"]);
  const quick = JSON.parse(readFileSync(path.join(started.out, "a-quick.ipynb"), "utf8")) as Notebook;
  assert.equal(quick.cells.length, 1);
});
