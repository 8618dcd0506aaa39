/**
 * `record(name, value)`: a notebook's result, kept in the executed notebook as an output of its own MIME type
 * (papermill/scrapbook's "glue"), so `explr sweep collect` and `sweep.load` read it back from the saved `.ipynb`.
 * Outside a kernel it prints `name = value`. The text shows numbers to 4 significant digits; what is recorded is exact.
 */
import { display, displaySymbol } from "../display.js";
import type { Notebook } from "../report/nbformat.js";

export const RECORD_MIME = "application/vnd.explr.record+json";

/** A JSON value a notebook can record: numbers, strings, booleans, null, and arrays or objects of them. */
export type RecordValue = null | boolean | number | string | RecordValue[] | { [key: string]: RecordValue };

/**
 * Records a value under `name` (the later of two records of one name wins).
 * @example record("testAccuracy", 0.91); record("testAccuracyPerEpoch", [0.5, 0.8, 0.91]);
 */
export function record(name: string, value: RecordValue): void {
  if (typeof name !== "string" || name === "")
    throw new TypeError("record: the name must be a non-empty string");
  const text = JSON.stringify(value);
  if (text === undefined)
    throw new TypeError(`record("${name}"): the value must be JSON (a number, string, array…)`);
  display({
    [displaySymbol]: () => ({
      data: { [RECORD_MIME]: { name, value: JSON.parse(text) }, "text/plain": `${name} = ${shown(value)}` },
    }),
  });
}

/** `value` as JSON text for reading: numbers to 4 significant digits. */
function shown(value: RecordValue): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === "number" ? Number(v.toPrecision(4)) : v));
}

/** The values a notebook recorded, by name, in the order of its cells. */
export function notebookRecords(notebook: Notebook): Record<string, RecordValue> {
  const records: Record<string, RecordValue> = {};
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs) {
      if (output.output_type !== "display_data" && output.output_type !== "execute_result") continue;
      const entry = output.data[RECORD_MIME] as { name?: unknown; value?: RecordValue } | undefined;
      if (entry !== undefined && typeof entry.name === "string") records[entry.name] = entry.value ?? null;
    }
  }
  return records;
}
