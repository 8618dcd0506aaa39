/**
 * Fault injection on the real kernel process: cells that break the compiler, run out of memory, are interrupted
 * while they compile, or throw errors wrapped in errors. Each probe names what must hold; the kernel must answer
 * every cell, and the next cell must run. The counts are printed.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { KernelClient } from "../../runner/client.js";
import { heapGuardSkip } from "./heap-guard-skip.js";

/** A cell, and what its reply must be. */
interface Probe {
  readonly what: string;
  readonly code: string;
  readonly ename: string;
  readonly evalue: RegExp;
  /** What the traceback, colors stripped, must show; and must not. */
  readonly traceback?: RegExp;
  readonly notInTraceback?: RegExp;
}

const nested = (depth: number) => `${"(".repeat(depth)}1${")".repeat(depth)}`;

const compilerProbes: Probe[] = [
  {
    // deep enough to overflow whether the parser runs interpreted or optimized (1,000 overflows it only cold)
    what: "10,000 nested parentheses: the parser runs out of stack",
    code: nested(10_000),
    ename: "RangeError",
    evalue:
      /^the TypeScript compiler ran out of stack on this cell: it nests too deep .* the next cell runs\.$/,
    notInTraceback: /typescript\.js|at /,
  },
  {
    what: "a type nested 10,000 deep: the compiler runs out of stack",
    code: `type Deep = ${"Array<".repeat(10_000)}number${">".repeat(10_000)};\nconst deep: Deep = [] as never; deep`,
    ename: "RangeError",
    evalue: /^the TypeScript compiler ran out of stack/,
  },
  {
    what: "a cell's own endless recursion is the cell's RangeError, not the compiler's",
    code: "const down = (n: number): number => down(n + 1); down(0)",
    ename: "RangeError",
    evalue: /^Maximum call stack size exceeded$/,
    traceback: /Cell In\[\d+\], line 1/,
  },
];

/** What a traceback must never show: V8's raw frames, the kernel's and tslab's files. */
const internals = /\n\s+at |dist[\\/]kernel|node_modules[\\/]tslab|cell-[0-9a-f]+\.js/;

const tracebackProbes: Probe[] = [
  {
    what: "an error's cause chain is shown, the cause first, as Python does",
    code: 'function load() { throw new TypeError("disk full"); }\ntry { load(); } catch (e) { throw new Error("saving failed", { cause: e }); }',
    ename: "Error",
    evalue: /^saving failed$/,
    traceback:
      /TypeError: disk full\n\nThe above exception was the direct cause of the following exception:\n\n-+\nError .*Cell In\[\d+\], line 2.*Error: saving failed$/s,
    notInTraceback: internals,
  },
  {
    what: "a cause chain that cycles is cut",
    code: 'const a = new Error("a"); const b = new Error("b", { cause: a }); (a as { cause?: unknown }).cause = b; throw b',
    ename: "Error",
    evalue: /^b$/,
    traceback:
      /^\[the cause chain cycles back to an error shown below\]\n\nThe above .*Error: a\n\nThe above .*Error: b$/s,
  },
  {
    what: "a cause chain a thousand long is bounded",
    code: 'let chained: Error = new Error("root"); for (let i = 0; i < 1000; i++) chained = new Error("level " + i, { cause: chained }); throw chained',
    ename: "Error",
    evalue: /^level 999$/,
    traceback: /^\[further causes not shown: at most 12 related errors are\].*Error: level 999$/s,
  },
  {
    what: "an AggregateError's errors are shown after it, bounded",
    code: 'throw new AggregateError([new RangeError("first"), "second", ...Array.from({ length: 8 }, (_, i) => new Error("e" + i))], "all failed")',
    ename: "AggregateError",
    evalue: /^all failed$/,
    traceback:
      /AggregateError: all failed\n\nThe 10 errors it aggregates, the first 5:\n\n\[1\/10\]\n.*RangeError: first\n\n\[2\/10\]\nUncaught: second\n.*\[5\/10\]\n.*Error: e2$/s,
    notInTraceback: internals,
  },
  {
    what: "a Proxy around an error whose traps throw shows the error, not V8's raw stack",
    code: 'throw new Proxy(new Error("wrapped"), { getPrototypeOf() { throw 1; }, has() { throw 2; } })',
    ename: "Error",
    evalue: /^wrapped$/,
    traceback: /Cell In\[\d+\], line 1/,
    notInTraceback: internals,
  },
  {
    what: "a Proxy around an error that hides it entirely shows Node's rendering without its stack",
    code: 'throw new Proxy(new Error("hidden"), { get() { throw 1; }, has() { throw 2; }, getPrototypeOf() { throw 3; } })',
    ename: "Uncaught",
    evalue: /^Error: hidden$/,
    notInTraceback: internals,
  },
  {
    what: "an object holding an error shows it without its stack",
    code: 'throw { reason: new Error("inside") }',
    ename: "Uncaught",
    evalue: /^\{\s*reason: Error: inside\s*\}$/,
    notInTraceback: internals,
  },
];

describe("the kernel under faults", { timeout: 300_000 }, () => {
  let kernel: KernelClient;
  before(async () => {
    kernel = await KernelClient.start(undefined, undefined, { ...process.env, EXPLR_HISTORY_FILE: "" });
  });
  after(() => kernel.close());

  /** Runs each probe, then `1 + 1`, which must still give 2; returns how many held. */
  async function runProbes(probes: readonly Probe[]): Promise<number> {
    let held = 0;
    for (const probe of probes) {
      const { reply } = await kernel.execute(probe.code, { stop_on_error: false });
      const content = reply.content as { ename?: string; evalue?: string; traceback?: string[] };
      assert.equal(content.ename, probe.ename, `${probe.what}: ${JSON.stringify(content)}`);
      assert.match(String(content.evalue), probe.evalue, probe.what);
      const traceback = stripVTControlCharacters((content.traceback ?? []).join("\n"));
      if (probe.traceback) assert.match(traceback, probe.traceback, probe.what);
      if (probe.notInTraceback) assert.doesNotMatch(traceback, probe.notInTraceback, probe.what);
      const next = await kernel.execute("1 + 1");
      assert.equal(
        (next.outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
        "2",
        `${probe.what}: the next cell runs (${JSON.stringify(next.reply.content)})`,
      );
      held++;
    }
    return held;
  }

  test("tracebacks show causes and aggregated errors, bounded, and never V8's raw stack", async (t) => {
    const held = await runProbes(tracebackProbes);
    t.diagnostic(`traceback faults: ${held} of ${tracebackProbes.length} held`);
  });

  test("an interrupt while TypeScript checks a cell ends it within a second; earlier names survive", async (t) => {
    await kernel.execute("const kept = 41;");
    // an array of 20,000 object literals: seconds of type checking (4 s to over 10 s on a loaded 2-core machine)
    const slow = `const many = [${Array.from({ length: 20_000 }, (_, i) => `{ k${i % 50}: ${i} }`).join(", ")}]; many.length`;
    const started = performance.now();
    let ended: number | undefined;
    const running = kernel.execute(slow, { stop_on_error: false }).finally(() => {
      ended = performance.now();
    });
    // interrupts every half second until the cell ends, as a user would: the first may land before the compile
    let lastInterrupt = started;
    while (ended === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (ended !== undefined) break;
      lastInterrupt = performance.now();
      assert.equal((await kernel.request("interrupt_request", {}, "control")).content.status, "ok");
    }
    const { reply } = await running;
    const seconds = ((ended ?? lastInterrupt) - lastInterrupt) / 1000;
    t.diagnostic(
      `interrupt during type checking: the cell ended ${seconds.toFixed(2)} s after the last interrupt, ` +
        `${(((ended ?? started) - started) / 1000).toFixed(2)} s after it began`,
    );
    assert.equal(reply.content.ename, "Interrupted", JSON.stringify(reply.content));
    assert.ok(seconds < 1.5, `the cell ended ${seconds.toFixed(2)} s after the interrupt`);
    const next = await kernel.execute("kept + 1");
    assert.equal(
      (next.outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
      "42",
    );
  });

  test("a cell that overflows the compiler fails with a clear message; the next cell runs", async (t) => {
    const held = await runProbes(compilerProbes);
    t.diagnostic(`compiler faults: ${held} of ${compilerProbes.length} held`);
  });
});

/** A kernel whose heap limit is 96 MB, in `env` besides. */
const smallHeapKernel = (env: NodeJS.ProcessEnv = {}) =>
  KernelClient.start(undefined, undefined, {
    ...process.env,
    EXPLR_HISTORY_FILE: "",
    NODE_OPTIONS: "--max-old-space-size=96",
    ...env,
  });

/** A loop that fills the heap with arrays of numbers, `into` an array. */
const fillLoop = (into: string) => `for (;;) ${into}.push(new Array(100_000).fill(1.5));`;

/** The reply must be a MemoryError that says the limit and the knob. */
function assertMemoryError(content: Record<string, unknown>, what: string): void {
  assert.equal(content.ename, "MemoryError", `${what}: ${JSON.stringify(content)}`);
  assert.match(
    String(content.evalue),
    /^memory ran out: the JavaScript heap reached its limit of 96 MB .*NODE_OPTIONS=--max-old-space-size=<MB>/,
  );
}

describe("a cell that fills the heap, with the heap guard", {
  timeout: 300_000,
  skip: heapGuardSkip(),
}, () => {
  let kernel: KernelClient;
  before(async () => {
    kernel = await smallHeapKernel();
  });
  after(() => kernel.close());

  const nextCellRuns = async (what: string) => {
    const next = await kernel.execute("kept + 1");
    assert.equal(
      (next.outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
      "42",
      `${what}: the next cell runs with earlier variables (${JSON.stringify(next.reply.content)})`,
    );
  };

  /** The stopped cell's top-level `name` no longer holds its value (in tslab's store of the cells' names). */
  const namesDropped = async (name: string) => {
    const store = "(globalThis as unknown as { __tslab__: { exports: object } }).__tslab__.exports";
    const held = await kernel.execute(`${JSON.stringify(name)} in ${store}`);
    assert.equal(
      (held.outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
      "false",
      `${name} is garbage (${JSON.stringify(held.reply.content)})`,
    );
  };

  test("a synchronous cell fails with a MemoryError; the kernel and earlier variables live on", async () => {
    await kernel.execute("const kept = 41;");
    const { reply, outputs } = await kernel.execute(`{ const big: number[][] = []; ${fillLoop("big")} }`, {
      stop_on_error: false,
    });
    assertMemoryError(reply.content, "block-scoped");
    // the error output the frontend shows says it too
    const shown = (outputs.at(-1)?.content.traceback as string[] | undefined) ?? [];
    assert.match(stripVTControlCharacters(shown.join("\n")), /^MemoryError: memory ran out/);
    await nextCellRuns("block-scoped");
  });

  test("a cell's own top-level names that hold the heap are dropped with it", async () => {
    const { reply } = await kernel.execute(`const top: number[][] = []; ${fillLoop("top")}`, {
      stop_on_error: false,
    });
    assertMemoryError(reply.content, "top-level const");
    await nextCellRuns("top-level const");
    await namesDropped("top");
  });

  test("an awaiting loop that watches the cell's signal stops with a MemoryError", async () => {
    // as explr's training loop does; a loop that ignores the signal goes on in the background, as after an interrupt
    const watching =
      'const signal = (globalThis as unknown as Record<symbol, () => AbortSignal>)[Symbol.for("explr.cellSignal")]();\n' +
      "const held: number[][] = [];\n" +
      "for (let i = 0; !signal.aborted; i++) { held.push(new Array(100_000).fill(1.5)); if (i % 10 === 0) await new Promise((r) => setTimeout(r, 0)); }";
    const { reply } = await kernel.execute(watching, { stop_on_error: false });
    assertMemoryError(reply.content, "awaiting loop");
    await nextCellRuns("awaiting loop");
    await namesDropped("held");
  });

  test("a loop after an await that never yields stops at its check with a MemoryError", async () => {
    // the heap fills outside the guard's `run`: only the check compiled into the loop's body can stop it
    const { reply } = await kernel.execute(`await null; const grown: number[][] = []; ${fillLoop("grown")}`, {
      stop_on_error: false,
    });
    assertMemoryError(reply.content, "loop after an await");
    await nextCellRuns("loop after an await");
    await namesDropped("grown");
    const sum = await kernel.execute("1 + 1");
    assert.equal(
      (sum.outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
      "2",
    );
  });

  test("a timer's loop that never yields stops at its check; the last cell's stderr says it once", async () => {
    const said = (m: { header: { msg_type: string }; content: unknown }) =>
      m.header.msg_type === "stream" &&
      /MemoryError: memory ran out/.test(String((m.content as { text?: unknown }).text));
    const told = kernel.next(said);
    const { reply } = await kernel.execute(
      `setTimeout(() => { const timed: number[][] = []; ${fillLoop("timed")} }, 0); 7`,
    );
    assert.equal(reply.content.status, "ok");
    // the timer runs after the cell: its check throws, and the event loop tells the last cell's stderr
    await told;
    await nextCellRuns("timer");
    const published = kernel.publishedFor({ header: reply.parent_header } as Parameters<
      typeof kernel.publishedFor
    >[0]);
    assert.equal(published.filter(said).length, 1, "said once");
  });

  test("an async recursion that never yields to the event loop stops at its check with a MemoryError", async () => {
    // each call awaits a resolved value: the microtasks never drain, the event loop never runs
    const recursion =
      "const chain: number[][] = [];\n" +
      "async function grow(a: number[][]): Promise<void> { a.push(new Array(100_000).fill(1.5)); await null; return grow(a); }\n" +
      "await grow(chain);";
    const { reply } = await kernel.execute(recursion, { stop_on_error: false });
    assertMemoryError(reply.content, "async recursion");
    await nextCellRuns("async recursion");
    await namesDropped("chain");
  });
});

test("without the heap guard a cell that fills the heap ends the kernel, which says so at start", {
  timeout: 120_000,
}, async () => {
  const kernel = await smallHeapKernel({ EXPLR_HEAP_GUARD: "0" });
  try {
    await assert.rejects(
      kernel.execute(`const big: number[][] = []; ${fillLoop("big")}`),
      /heap out of memory/,
    );
    assert.match(
      kernel.stderr.join(""),
      /no heap guard \(turned off by EXPLR_HEAP_GUARD=0\): a cell that fills the JavaScript heap ends the kernel/,
    );
  } finally {
    kernel.close();
  }
});
