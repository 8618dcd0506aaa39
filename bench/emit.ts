/**
 * `npm run bench:emit`: TypeScript's emit of one small cell (JavaScript and declarations, as tslab asks for it), with
 * the compiler as published and with plain transformation hooks (kernel/tslab/transform-hooks.ts), each in a process
 * of its own, in turn round by round. Prints the time per emit, the young-generation GC time in it, and the mean
 * young GC pause; asserts nothing (figures, not a test). BENCH_ROUNDS and BENCH_EMITS set the counts.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { constants, PerformanceObserver, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type ts from "typescript";
import { evaluateCommonJs, withPlainTransformHooks } from "../kernel/tslab/transform-hooks.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const emitsPerRound = Number(process.env.BENCH_EMITS ?? 2000);
const cell =
  "const doubled = [1, 2, 3].map((v) => v * 2);\nexport const total = doubled.reduce((a, b) => a + b, 0);";

const require = createRequire(import.meta.url);
const compilerPath = createRequire(require.resolve("tslab/dist/converter.js")).resolve(
  "@tslab/typescript-for-tslab",
);
const source = readFileSync(compilerPath, "utf8");

/** A function that emits the cell from a checked program of `compiler`. */
function cellEmitter(compiler: typeof ts): () => void {
  const file = "/cells/cell.ts";
  const options: ts.CompilerOptions = {
    target: compiler.ScriptTarget.ES2022,
    module: compiler.ModuleKind.ESNext,
    declaration: true,
    types: [],
  };
  const host = compiler.createCompilerHost(options);
  const readSource = host.getSourceFile;
  host.getSourceFile = (name, ...rest) =>
    name === file
      ? compiler.createSourceFile(name, cell, compiler.ScriptTarget.ES2022)
      : readSource(name, ...rest);
  host.fileExists = (name) => name === file || compiler.sys.fileExists(name);
  const program = compiler.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file);
  const diagnostics = compiler.getPreEmitDiagnostics(program, sourceFile);
  if (diagnostics.length > 0) throw new Error(`the cell does not compile: ${diagnostics[0].messageText}`);
  return () => {
    program.emit(sourceFile, () => {});
  };
}

/** Emits `emitsPerRound` times after as many to warm up; prints { ms, gcMs, gcs } as JSON. */
function measure(emit: () => void): void {
  const youngGcs: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) youngGcs.push(entry);
    }
  });
  for (let i = 0; i < emitsPerRound; i++) emit();
  observer.observe({ entryTypes: ["gc"] });
  const start = performance.now();
  for (let i = 0; i < emitsPerRound; i++) emit();
  const ms = performance.now() - start;
  // GC entries arrive asynchronously
  setTimeout(() => {
    observer.disconnect();
    const gcMs = youngGcs.reduce((sum, gc) => sum + gc.duration, 0);
    console.log(JSON.stringify({ ms, gcMs, gcs: youngGcs.length }));
  }, 100);
}

const variants: Record<string, () => () => void> = {
  "as published": () => cellEmitter(evaluateCommonJs(compilerPath, source).exports as typeof ts),
  "plain hooks": () =>
    cellEmitter(evaluateCommonJs(compilerPath, withPlainTransformHooks(source)).exports as typeof ts),
};

const only = process.argv[2];
if (only) {
  measure(variants[only]());
} else {
  // each variant in a process of its own: in one heap, one's promoted garbage would slow the other's GCs
  const totals = new Map(Object.keys(variants).map((name) => [name, { ms: 0, gcMs: 0, gcs: 0 }]));
  const names = [...totals.keys()];
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { encoding: "utf8" });
      if (run.status !== 0) throw new Error(`the ${name} run failed: ${run.stderr}`);
      const figures = JSON.parse(run.stdout);
      const total = totals.get(name);
      if (total) for (const key of ["ms", "gcMs", "gcs"] as const) total[key] += figures[key];
    }
  }
  const emits = rounds * emitsPerRound;
  console.log(
    `emit of a two-line cell (JavaScript and declarations): ${rounds} rounds of ${emitsPerRound} emits, ` +
      "each compiler in a process of its own, in turn",
  );
  for (const [name, { ms, gcMs, gcs }] of totals) {
    console.log(
      `${name.padEnd(14)} ${((ms / emits) * 1000).toFixed(0)} µs per emit, ` +
        `young GC ${((gcMs / emits) * 1000).toFixed(0)} µs of it ` +
        `(${gcs} young GCs, ${(gcMs / Math.max(gcs, 1)).toFixed(2)} ms each)`,
    );
  }
}
