/**
 * The heap guard: a cell that fills the JavaScript heap fails with a MemoryError that says how to raise the limit,
 * and the kernel lives on, instead of V8 ending the process. The work is done by a small native addon
 * (native/heap-guard/heap-guard.cc, built by scripts/build-native.mjs); this module loads it and says its errors.
 *
 * What it stops: a cell's synchronous part (`run`), at once. Code after an `await` or in a timer cannot be stopped
 * safely (Node's own JavaScript around it would be cut halfway), so there the guard raises the limit a little and
 * calls `outside` on the event loop: an awaiting cell is interrupted once the running code yields (a training loop,
 * at its next step); a synchronous loop after an await that never yields still ends the kernel.
 * Without the addon (no g++ or Node's headers where explr was installed, `EXPLR_HEAP_GUARD=0`) `run` only runs, and
 * a full heap ends the kernel as before; the kernel says so once at start-up.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { memoryErrorName, memoryRanOut } from "./heap-limit.js";

/** The addon's functions (see heap-guard.cc). */
interface HeapGuardAddon {
  install(outside: (limitBytes: number) => void): void;
  run<T>(fn: () => T): T;
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
  };
  addon.install((limitBytes) => outside(guard.trip(limitBytes)));
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
