/**
 * Run by heap-guard.test.ts in a Node with a small heap (--max-old-space-size): fills the heap the way argv[2] says
 * under the heap guard and prints, as one JSON line, what came of it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type HeapLimitError, startHeapGuard } from "../../kernel/heap-guard.js";

const fill = (into: number[][]) => into.push(new Array(100_000).fill(1.5));
const outside: HeapLimitError[] = [];
const guard = startHeapGuard((error) => outside.push(error));
const result: Record<string, unknown> = { off: guard.off ?? null };

if (process.argv[2] === "sync") {
  try {
    guard.run(() => {
      const big: number[][] = [];
      for (;;) fill(big);
    });
  } catch (error) {
    result.thrown = { name: (error as Error).name, message: (error as Error).message };
  }
  // what the run left is garbage: as much again fits
  const after: number[][] = [];
  for (let i = 0; i < 20; i++) fill(after);
  result.afterwards = after.length;
} else if (process.argv[2] === "flag") {
  // code after an await that never yields: it sees the flag, as the checks compiled into cells do, and stops itself
  await null;
  const held: number[][] = [];
  const check = guard.check;
  while (check && check.flag[0] === 0) fill(held);
  held.length = 0;
  const taken = check?.take();
  result.thrown = taken ? { name: taken.name, message: taken.message } : null;
  result.flagAfter = check?.flag[0] ?? null;
  // the wake-up on the event loop, which runs now, finds nothing more to tell
  await sleep(50);
  result.outside = outside.map((error) => error.message);
  result.takenAgain = check?.take() ?? null;
} else {
  // code after an await, outside any run: the guard can only tell, on the event loop, once the code yields
  const held: number[][] = [];
  while (outside.length === 0) {
    for (let i = 0; i < 10; i++) fill(held);
    await sleep(0);
  }
  result.outside = outside.map((error) => error.message);
}
result.trips = guard.trips;
result.lastError = guard.lastError?.name ?? null;
console.log(JSON.stringify(result));
