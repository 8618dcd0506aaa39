/**
 * The heap guard: a cell that fills the JavaScript heap fails with a MemoryError that says how to raise the limit,
 * and the kernel lives on, instead of V8 ending the process. The work is done by a small native addon
 * (native/heap-guard/heap-guard.cc, built by scripts/build-native.mjs); this module loads it and says its errors.
 *
 * What it stops: a cell's synchronous part (`run`), at once. Code after an `await` or in a timer cannot be stopped
 * from outside safely (Node's own JavaScript around it would be cut halfway), so there the guard raises the limit a
 * little, raises a flag (`check.flag`) and calls `outside` on the event loop. The kernel compiles a check of the flag
 * into every loop and function body of the cells (tslab/heap-checks.ts): the cell's own code stops at its next check
 * by throwing `check` itself, and the kernel, where the cell ends, takes the limit (`check.take`) and reports the
 * HeapLimitError (or the event loop tells `outside` first, where the throw left no cell to end); a loop that never
 * yields to the event loop, or a chain of promises that never drains, is stopped that way. What is still not stopped
 * ends the kernel at twice the limit: code the kernel did not compile (a library's own loop, a plain `.js` module)
 * that runs without yielding until then, and a single call that allocates past the limit in one go.
 * Without the addon (no g++ or Node's headers where explr was installed, `EXPLR_HEAP_GUARD=0`) `run` only runs, and
 * a full heap ends the kernel as before; the kernel says so once at start-up.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { memoryErrorName, memoryRanOut } from "./heap-limit.js";

/** The addon's functions (see heap-guard.cc). */
interface HeapGuardAddon {
  install(outside: (limitBytes: number) => void, flag: Int32Array): void;
  run<T>(fn: () => T): T;
  takeOutside(): number;
}

/**
 * What the checks compiled into cells read, and throw (see tslab/heap-checks.ts): the thrown value is this object,
 * not a new error, because a call or a property load in the check's branch makes V8's optimized loops several times
 * slower (bench/NOTES.md). It reads as a MemoryError where a cell catches and prints it.
 */
export interface HeapCheck {
  /** Element 0 is 1 while the heap has reached its limit outside `run` and nobody has been told. */
  readonly flag: Int32Array;
  readonly name: string;
  readonly message: string;
  /** The HeapLimitError of the limit the flag stands for, counted, the flag lowered; undefined if none is pending. */
  take(): HeapLimitError | undefined;
}

/** A cell stopped because the heap reached its limit, `limitBytes`. */
export class HeapLimitError extends RangeError {
  override readonly name = memoryErrorName;
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(memoryRanOut(limitBytes));
    this.limitBytes = limitBytes;
  }
}

export interface HeapGuard {
  /** `fn()`; throws a HeapLimitError, its garbage collected, if the heap reached its limit meanwhile. */
  run<T>(fn: () => T): T;
  /** How many times the heap reached its limit, inside `run` or outside: a cell compares before and after. */
  readonly trips: number;
  /** The error of the last time. */
  readonly lastError: HeapLimitError | undefined;
  /** Why there is no guard (a full heap ends the kernel), or undefined when there is one. */
  readonly off: string | undefined;
  /** What checks in the code read and throw, where there is a guard. */
  readonly check?: HeapCheck;
}

/** The guard that only runs: no addon. */
export const noHeapGuard = (off: string): HeapGuard => ({
  run: (fn) => fn(),
  trips: 0,
  lastError: undefined,
  off,
});

// Compiled to dist/kernel/; the build folder is at the package root.
const buildDir = fileURLToPath(new URL("../../build/native/", import.meta.url));

/**
 * Starts the guard on this (the main) thread, once per process: `outside` gets the error for a heap that reached
 * its limit where `run` could not stop it. Without the addon, a guard that is off, with the reason.
 */
export function startHeapGuard(outside: (error: HeapLimitError) => void): HeapGuard {
  const load = loadHeapGuardAddon();
  if ("reason" in load) return noHeapGuard(load.reason);
  const { addon } = load;
  const flag = new Int32Array(1);
  const guard = {
    trips: 0,
    lastError: undefined as HeapLimitError | undefined,
    off: undefined,
    /** Counts the time the heap reached its limit; returns its error. */
    trip(limitBytes: number): HeapLimitError {
      guard.trips++;
      guard.lastError = new HeapLimitError(limitBytes);
      return guard.lastError;
    },
    run<T>(fn: () => T): T {
      try {
        return addon.run(fn);
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== "EXPLR_HEAP_LIMIT") throw error;
        throw guard.trip((error as { limitBytes: number }).limitBytes);
      }
    },
    check: {
      flag,
      name: memoryErrorName,
      message: "memory ran out: the JavaScript heap reached its limit and the cell was stopped",
      take(): HeapLimitError | undefined {
        const limitBytes = addon.takeOutside();
        return limitBytes === 0 ? undefined : guard.trip(limitBytes);
      },
    },
  };
  addon.install((limitBytes) => outside(guard.trip(limitBytes)), flag);
  return guard;
}

/** The addon, or the one-line reason there is none. */
export function loadHeapGuardAddon(): { addon: HeapGuardAddon } | { reason: string } {
  if (process.env.EXPLR_HEAP_GUARD === "0") return { reason: "turned off by EXPLR_HEAP_GUARD=0" };
  const file = `${buildDir}explr_heap_guard.node`;
  if (!existsSync(file)) {
    // the build script leaves the reason it could not build; no file at all means it never ran
    const reasonFile = `${buildDir}heap-guard-unavailable.txt`;
    return {
      reason: existsSync(reasonFile)
        ? readFileSync(reasonFile, "utf8").trim()
        : "not built: its install script never ran (in explr's folder: npm run build:native)",
    };
  }
  try {
    return { addon: createRequire(import.meta.url)(file) as HeapGuardAddon };
  } catch (error) {
    // e.g. built by another Node version: "was compiled against a different Node.js version"
    return { reason: `it failed to load: ${(error as Error).message.split("\n")[0]}` };
  }
}
