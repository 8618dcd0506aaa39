/**
 * The Engine over tslab's TypeScript executor (type-checked cells, top-level await, completion, inspection).
 * Also makes `import ... from "explr"` (and `"explr/kernel"`) resolve to this package, for the type checker and
 * at run time, wherever the notebook lives. Loading it costs several hundred ms (the TypeScript compiler): the
 * kernel loads it lazily.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import type { ConverterSet } from "tslab/dist/executor.js";
import type ts from "typescript";
import type { Engine, ErrorOutcome, IsComplete, Outcome } from "../engine.js";
import { errorOutcome, interruptedName } from "../engine.js";
import { type HeapGuard, HeapLimitError, noHeapGuard } from "../heap-guard.js";
import { CellSources, formatTraceback } from "../traceback.js";
import { AsyncModules } from "./async-imports.js";
import { cellFirstLine } from "./cell-scripts.js";
import { heapCheckGlobal } from "./heap-checks.js";
import { expandShorthandProperties } from "./shorthand.js";
import { cellScripts, loadTslabConverter } from "./tslab-compiler.js";

type Tslab = {
  converter: typeof import("tslab/dist/converter.js");
  executor: typeof import("tslab/dist/executor.js");
  inspect: typeof import("tslab/dist/inspect.js");
  ts: {
    sys: Record<string, (...args: never[]) => unknown>;
    createSourceFile(name: string, text: string, target: number): { parseDiagnostics?: unknown[] };
    ScriptTarget: { Latest: number };
  };
};

const require = createRequire(import.meta.url);
/** The package root: this file is `dist/kernel/tslab/tslab-engine.js`. */
export const packageRoot = fileURLToPath(new URL("../../../", import.meta.url));
/** Where bare "explr" and "explr/kernel" go, at run time. */
const runtimeModules: Record<string, string> = {
  explr: path.join(packageRoot, "dist/src/index.js"),
  "explr/kernel": path.join(packageRoot, "dist/kernel/cell-api.js"),
};

function loadTslab(): Tslab {
  const converterPath = require.resolve("tslab/dist/converter.js");
  return {
    converter: loadTslabConverter(),
    executor: require("tslab/dist/executor.js"),
    inspect: require("tslab/dist/inspect.js"),
    // the same compiler instance tslab's converter uses, whose `sys` we extend
    ts: createRequire(converterPath)("@tslab/typescript-for-tslab"),
  };
}

/**
 * Lets the type checker see `<cwd>/node_modules/explr` as this package (and `explr/kernel` as the notebook API's
 * declarations), like tslab does for itself, without anything installed next to the notebook.
 */
function forwardExplrTypes(ts: Tslab["ts"], cwd: string): void {
  const fake = path.join(cwd, "node_modules", "explr");
  const forward = (p: string): string => {
    if (p === path.join(fake, "kernel.d.ts")) return path.join(packageRoot, "dist/kernel/cell-api.d.ts");
    if (p === fake || p.startsWith(fake + path.sep)) return path.join(packageRoot, path.relative(fake, p));
    return p;
  };
  for (const name of ["fileExists", "readFile", "directoryExists", "realpath", "getModifiedTime"]) {
    const original = ts.sys[name];
    if (typeof original !== "function") continue;
    ts.sys[name] = ((p: string, ...rest: never[]) =>
      (original as (...a: unknown[]) => unknown).call(ts.sys, forward(p), ...rest)) as never;
  }
}

/**
 * The engine for notebooks in `cwd`; `heap` stops a cell's compile and synchronous run when the heap reaches its
 * limit (see heap-guard.ts).
 */
export function createTslabEngine(cwd = process.cwd(), heap: HeapGuard = noHeapGuard("not started")): Engine {
  // the checks compiled into the cells (heap-checks.ts) stop code after an await that fills the heap; not
  // enumerable, so it is none of the cells' names
  if (heap.check) {
    Object.defineProperty(globalThis, heapCheckGlobal, {
      value: heap.check,
      configurable: true,
      writable: false,
    });
  }
  const tslab = loadTslab();
  forwardExplrTypes(tslab.ts, cwd);
  let node: ReturnType<typeof tslab.converter.createConverter> | undefined;
  let browser: ReturnType<typeof tslab.converter.createConverter> | undefined;
  const converters: ConverterSet & { reset(): void } = {
    get node() {
      node ??= tslab.converter.createConverter({ isBrowser: false });
      return node;
    },
    get browser() {
      browser ??= tslab.converter.createConverter({ isBrowser: true });
      return browser;
    },
    close() {
      node?.close();
      browser?.close();
    },
    reset() {
      const old = node;
      node = undefined;
      try {
        old?.close();
      } catch {
        // a watch stopped halfway may fail to close: it is dropped all the same
      }
    },
  };

  // tslab reports through a console: diagnostics and thrown errors on `error`, the last value on `log`.
  const report: { diagnostics: string[]; thrown?: { error: unknown }; last?: { value: unknown } } = {
    diagnostics: [],
  };
  const executor = tslab.executor.createExecutor(cwd, converters, {
    log(value: unknown) {
      report.last = { value };
    },
    error(first: unknown, ...rest: unknown[]) {
      if (first === "%s%d:%d - %s") {
        const [file, line, column, text] = rest as [string, number, number, string];
        report.diagnostics.push(`${file}${line}:${column} - ${text}`);
      } else {
        report.thrown = { error: first };
      }
    },
  });
  const asyncModules = routeImports();
  converters.node; // build the compiler now, not in the first cell
  /** The cells run, by their script's name, for tracebacks. */
  const cells = new CellSources();
  // V8 keeps 10 frames: an error deep in a library (TensorFlow.js's kernels) would lose the cell's own frames
  Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 100);

  /** Runs a cell (see `execute`). */
  async function run(code: string, executionCount?: number): Promise<Outcome> {
    Object.assign(report, { diagnostics: [], thrown: undefined, last: undefined });
    let compileBegan = false;
    let ok: boolean;
    try {
      await asyncModules.prepare(code, tslab.ts as unknown as typeof ts);
      // tslab compiles the cell and starts it before its first await: its script is known once it returns
      const started = interruptibly(() => {
        compileBegan = true;
        const compiled = expandShorthandProperties(code, tslab.ts as unknown as typeof ts);
        // the guard inside `naming`, whose `finally` must run: a termination skips the `finally` blocks between
        // the guard and the allocation that stopped it (tslab's executor has none there)
        return { compiled, ...cellScripts.naming(code, () => heap.run(() => executor.execute(compiled))) };
      });
      if (started.script) {
        const { name, maps } = started.script;
        cells.add(name, {
          executionCount,
          code,
          compiled: started.compiled,
          maps,
          firstLine: cellFirstLine,
        });
      }
      ok = await started.value;
    } catch (error) {
      if (error instanceof HeapLimitError) {
        // stopped anywhere in tslab's compile or the cell's run, maybe halfway through the compiler's bookkeeping:
        // the next cell gets a new compiler (and the old one's memory is freed)
        converters.reset();
        return errorOutcome(error);
      }
      // what tslab's compile of the cell threw (the cell's own errors are reported, not thrown), or a SIGINT
      const outcome = compilerOutOfStack(error) ?? interruptedOrError(error, cells);
      if (outcome.ename === interruptedName && compileBegan && !report.thrown) {
        // stopped while compiling: the compiler may be stopped halfway through its watch's bookkeeping, which
        // no `finally` puts right; the next cell gets a new one
        converters.reset();
      }
      return outcome;
    }
    const { diagnostics, thrown, last } = report;
    if (thrown) return interruptedOrError(thrown.error, cells);
    if (!ok || diagnostics.length > 0) {
      return {
        status: "error",
        ename: "TypeScriptError",
        evalue: diagnostics[0] ?? "",
        traceback: diagnostics,
      };
    }
    return last ? { status: "ok", hasValue: true, value: last.value } : { status: "ok", hasValue: false };
  }

  return {
    async execute(code: string, executionCount?: number): Promise<Outcome> {
      // the names earlier cells defined, and their values: a cell stopped at the heap limit gets its own undone
      const names = new Map(Object.entries(executor.locals));
      const trips = heap.trips;
      const outcome = await run(code, executionCount);
      // a check in the cell's code (heap-checks.ts) threw at the heap limit: its limit is taken here, before the
      // event loop would tell it (and interrupt the cell) again
      if (outcome.status !== "ok") heap.check?.take();
      if (outcome.status === "ok" || heap.trips === trips || !heap.lastError) return outcome;
      // stopped at the heap limit: in its synchronous part (the guard's error), or after an await (the kernel
      // interrupted it); what it assigned to its top-level names becomes garbage
      undoNames(executor.locals, names);
      return errorOutcome(heap.lastError);
    },
    complete(code: string, cursor: number) {
      const info = executor.complete(code, cursor);
      return { start: info.start, end: info.end, matches: info.candidates };
    },
    inspect(code: string, cursor: number) {
      const info = executor.inspect(code, cursor);
      return info ? tslab.inspect.printQuickInfo(info) : undefined;
    },
    isComplete(code: string): IsComplete {
      const result = tslab.converter.isCompleteCode(code);
      if (!result.completed) return { status: "incomplete", indent: result.indent ?? "" };
      const parsed = tslab.ts.createSourceFile("cell.ts", code, tslab.ts.ScriptTarget.Latest);
      return { status: (parsed.parseDiagnostics?.length ?? 0) > 0 ? "invalid" : "complete" };
    },
    interrupt() {
      executor.interrupt();
    },
    close() {
      executor.close();
    },
  };
}

/**
 * The outcome of a compile that ran out of stack (TypeScript's parser, binder and checker recurse once per level of
 * nesting), said in the cell's terms; undefined for any other error.
 */
function compilerOutOfStack(error: unknown): ErrorOutcome | undefined {
  if (!(error instanceof RangeError) || error.message !== "Maximum call stack size exceeded")
    return undefined;
  const evalue =
    "the TypeScript compiler ran out of stack on this cell: it nests too deep (hundreds of levels of brackets, " +
    "calls or types); split it into smaller expressions or named types. The kernel is unharmed: the next cell runs.";
  return {
    status: "error",
    ename: "RangeError",
    evalue,
    traceback: formatTraceback("RangeError", evalue, ""),
  };
}

/**
 * Puts the cells' names back as they were (`before`): what a cell stopped at the heap limit assigned to its top-level
 * names (the big array that filled the heap) becomes garbage. The cell failed, so tslab keeps none of its
 * declarations: later cells could not name these values anyway.
 */
function undoNames(locals: Record<string, unknown>, before: ReadonlyMap<string, unknown>): void {
  for (const name of Object.keys(locals)) {
    if (!before.has(name)) delete locals[name];
    else if (locals[name] !== before.get(name)) locals[name] = before.get(name);
  }
}

const interruptibleKey = Symbol.for("explr.interruptible");
/** A script that runs the function under `interruptibleKey`: run with `breakOnSigint`, SIGINT stops it. */
const interruptibleScript = new vm.Script(`globalThis[Symbol.for("explr.interruptible")]()`, {
  filename: "explr-interruptible.js",
});

/**
 * `run()`, stopped by SIGINT as a cell's own script is (vm's `breakOnSigint`): an interrupt while TypeScript checks
 * a cell, which can take minutes, ends it at once ("Script execution was interrupted"). The cell's own script,
 * which tslab runs with `breakOnSigint` inside this one, is stopped as before.
 */
function interruptibly<T>(run: () => T): T {
  const global = globalThis as Record<symbol, unknown>;
  global[interruptibleKey] = run;
  try {
    return interruptibleScript.runInThisContext({ breakOnSigint: true }) as T;
  } finally {
    delete global[interruptibleKey];
  }
}

function interruptedOrError(error: unknown, cells: CellSources): ErrorOutcome {
  const outcome = errorOutcome(error, cells); // never throws, whatever was thrown (a Proxy whose traps throw)
  const message = outcome.ename === "Uncaught" ? "" : outcome.evalue;
  if (message === "Interrupted asynchronously" || message.startsWith("Script execution was interrupted")) {
    return {
      status: "error",
      ename: interruptedName,
      evalue: "the cell was interrupted",
      traceback: [message],
    };
  }
  return outcome;
}

/**
 * Wraps the `require` tslab gives cells so that "explr" and "explr/kernel" load this package's modules, and modules
 * with top-level await come from `import()` (see async-imports.ts).
 */
function routeImports(): AsyncModules {
  const holder = (globalThis as unknown as { __tslab__: { require: NodeJS.Require } }).__tslab__;
  const cellRequire = holder.require;
  const asyncModules = new AsyncModules(cellRequire);
  holder.require = new Proxy(cellRequire, {
    apply(target, thisArg, args: unknown[]) {
      const specifier = args[0];
      if (typeof specifier === "string") {
        if (runtimeModules[specifier]) return require(runtimeModules[specifier]);
        const loaded = asyncModules.get(specifier);
        if (loaded) return loaded;
      }
      return Reflect.apply(target, thisArg, args);
    },
  });
  return asyncModules;
}
