import assert from "node:assert/strict";
import { test } from "node:test";
import { type DisplayData, displaySinkSymbol } from "../../src/display.js";
import type { Notebook } from "../../src/report/nbformat.js";
import { notebookRecords, RECORD_MIME, type RecordValue, record } from "../../src/sweep/record.js";

/** What `record` displays, through a sink as the kernel sets one. */
function recorded(name: string, value: RecordValue): DisplayData {
  const shown: DisplayData[] = [];
  const global = globalThis as Record<symbol, unknown>;
  global[displaySinkSymbol] = { display: (data: DisplayData) => shown.push(data), clearOutput() {} };
  try {
    record(name, value);
  } finally {
    delete global[displaySinkSymbol];
  }
  assert.equal(shown.length, 1);
  return shown[0];
}

test("record keeps the exact value under its MIME type and shows it rounded to 4 significant digits", () => {
  const data = recorded("accuracy", [0.27400000393390656, 0.3615000024437904, 12345.678, "a,b"]);
  assert.deepEqual(data.data[RECORD_MIME], {
    name: "accuracy",
    value: [0.27400000393390656, 0.3615000024437904, 12345.678, "a,b"],
  });
  assert.equal(data.data["text/plain"], 'accuracy = [0.274,0.3615,12350,"a,b"]');
});

test("record refuses an empty name and a value JSON cannot carry", () => {
  assert.throws(() => record("", 1), /non-empty string/);
  assert.throws(() => record("f", (() => 1) as unknown as RecordValue), /must be JSON/);
});

test("a notebook's records are read back from its outputs, the later of two of one name winning", () => {
  const output = (name: string, value: RecordValue) => ({
    output_type: "display_data" as const,
    data: { [RECORD_MIME]: { name, value }, "text/plain": `${name} = ${value}` },
    metadata: {},
  });
  const notebook = {
    nbformat: 4,
    cells: [
      { cell_type: "code", source: "", execution_count: 1, outputs: [output("a", 1), output("b", 2)] },
      { cell_type: "markdown", source: "" },
      { cell_type: "code", source: "", execution_count: 2, outputs: [output("a", 3)] },
    ],
  } as unknown as Notebook;
  assert.deepEqual(notebookRecords(notebook), { a: 3, b: 2 });
});
