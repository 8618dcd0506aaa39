/**
 * `npm run bench:heap-checks`: what the heap guard's checks (kernel/tslab/heap-checks.ts) cost a hot cell. Runs the
 * same cells in a kernel with the guard (every loop and function body checks its flag) and in one with
 * EXPLR_HEAP_GUARD=0 (no checks), taking turns, and prints the best of BENCH_RUNS (default 7) of each, timed inside
 * the cell: a `for` loop summing 1e8 numbers, and a recursive fib(30). Asserts nothing (figures, not a test).
 */
import { KernelClient } from "../runner/client.js";

const runs = Number(process.env.BENCH_RUNS ?? 7);
// the work in a block (its names local, as in a function), the time in the cell's last expression
const cells: Record<string, string> = {
  "sum of 1e8 in a for loop":
    "let ms = 0;\n{ const t = performance.now(); let s = 0; for (let i = 0; i < 1e8; i++) s += i; if (s < 0) throw 0; ms = performance.now() - t; }\nms",
  "recursive fib(30)":
    "let ms = 0;\n{ const fib = (n: number): number => { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }; const t = performance.now(); fib(30); ms = performance.now() - t; }\nms",
};

const kernels = {
  checks: await KernelClient.start(undefined, undefined, { ...process.env, EXPLR_HISTORY_FILE: "" }),
  none: await KernelClient.start(undefined, undefined, {
    ...process.env,
    EXPLR_HISTORY_FILE: "",
    EXPLR_HEAP_GUARD: "0",
  }),
};
try {
  for (const [name, code] of Object.entries(cells)) {
    const best = { checks: Number.POSITIVE_INFINITY, none: Number.POSITIVE_INFINITY };
    for (let run = 0; run < runs; run++) {
      for (const which of ["checks", "none"] as const) {
        const { reply, outputs } = await kernels[which].execute(code);
        if (reply.content.status !== "ok") throw new Error(`${name}: ${JSON.stringify(reply.content)}`);
        const ms = Number(
          (outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
        );
        best[which] = Math.min(best[which], ms);
      }
    }
    const overhead = (best.checks / best.none - 1) * 100;
    console.log(
      `${name}: ${best.checks.toFixed(1)} ms with the checks, ${best.none.toFixed(1)} ms without ` +
        `(${overhead >= 0 ? "+" : ""}${overhead.toFixed(1)} %), best of ${runs}`,
    );
  }
} finally {
  kernels.checks.close();
  kernels.none.close();
}
