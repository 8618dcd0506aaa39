import assert from "node:assert/strict";
import { test } from "node:test";
import { memoryErrorName, memoryRanOut, raiseHeapLimit } from "../../kernel/heap-limit.js";

test("a cell stopped at the heap limit is told the limit in MB, that the kernel lives, and the knob", () => {
  const message = memoryRanOut(96 * 2 ** 20);
  assert.match(
    message,
    /^memory ran out: the JavaScript heap reached its limit of 96 MB and the cell was stopped/,
  );
  assert.match(message, /the kernel and the variables of earlier cells are kept/);
  // twice the limit, but never a suggestion below a gigabyte
  assert.match(
    message,
    /NODE_OPTIONS=--max-old-space-size=<MB> \(e\.g\. 1024\) in the environment of jupyter or explr run/,
  );
  assert.match(memoryRanOut(4096 * 2 ** 20), /limit of 4096 MB .*\(e\.g\. 8192\)/);
  assert.equal(memoryErrorName, "MemoryError");
});

test("without a known limit the advice suggests 8 GB", () => {
  assert.match(raiseHeapLimit(), /NODE_OPTIONS=--max-old-space-size=<MB> \(e\.g\. 8192\)/);
});
