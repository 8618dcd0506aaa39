/**
 * The words for a JavaScript heap that reached its limit, and how to raise it: the kernel's error for a cell that
 * filled the heap (heap-guard.ts) and `explr run`'s line for a kernel that died of it (runner/execute.ts).
 */

/** The ename of a cell stopped because the heap reached its limit (Python's name for it). */
export const memoryErrorName = "MemoryError";

/**
 * How to raise the limit: the kernel is a Node process started by Jupyter or `explr run`, with their environment,
 * and Node reads its options from NODE_OPTIONS there. `limitMB`, where known, suggests twice it.
 */
export function raiseHeapLimit(limitMB?: number): string {
  const suggested = limitMB === undefined ? "8192" : String(Math.max(2 * limitMB, 1024));
  return (
    `raise the limit with NODE_OPTIONS=--max-old-space-size=<MB> (e.g. ${suggested}) in the environment of ` +
    "jupyter or explr run (a kernel reads it when it starts), or keep less in memory"
  );
}

/** The message of a cell stopped at the heap limit of `limitBytes` (the old generation's, as V8 counts it). */
export function memoryRanOut(limitBytes: number): string {
  const limitMB = Math.round(limitBytes / 2 ** 20);
  return (
    `memory ran out: the JavaScript heap reached its limit of ${limitMB} MB and the cell was stopped ` +
    `(the kernel and the variables of earlier cells are kept); ${raiseHeapLimit(limitMB)}`
  );
}
