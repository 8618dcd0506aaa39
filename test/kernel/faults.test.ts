/**
 * Fault injection on the real kernel process: cells that break the compiler, run out of memory, are interrupted
 * while they compile, or throw errors wrapped in errors. Each probe names what must hold; the kernel must answer
 * every cell, and the next cell must run. The counts are printed.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { KernelClient } from "../../runner/client.js";

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
    what: "1,000 nested parentheses: the parser runs out of stack",
    code: nested(1000),
    ename: "RangeError",
    evalue:
      /^the TypeScript compiler ran out of stack on this cell: it nests too deep .* the next cell runs\.$/,
    notInTraceback: /typescript\.js|at /,
  },
  {
    what: "a type nested 3,000 deep: the checker runs out of stack",
    code: `type Deep = ${"Array<".repeat(3000)}number${">".repeat(3000)};\nconst deep: Deep = [] as never; deep`,
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

  test("a cell that overflows the compiler fails with a clear message; the next cell runs", async (t) => {
    const held = await runProbes(compilerProbes);
    t.diagnostic(`compiler faults: ${held} of ${compilerProbes.length} held`);
  });
});
