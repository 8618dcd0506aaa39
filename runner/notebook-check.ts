/**
 * A notebook file read and checked against nbformat 4's schema (nbformat.v4.schema.json, the parts that say what a
 * notebook, a cell and an output hold) before any kernel starts: a malformed notebook is refused with the file, the
 * cell and the field named, instead of failing halfway through a run with a message about JavaScript. Metadata
 * (the notebook's and each cell's) and `nbformat_minor`, which the schema requires but nothing here reads, may be
 * missing; present, they must have their type.
 */
import { readFile } from "node:fs/promises";
import { type Notebook, parseNotebook } from "../src/report/nbformat.js";

/** A value as an error message shows it: short, and never `[object Object]`. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  return shown.length > 40 ? `${shown.slice(0, 39)}…` : shown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isMultiline = (value: unknown): boolean =>
  typeof value === "string" || (Array.isArray(value) && value.every((line) => typeof line === "string"));

const isCount = (value: unknown): boolean =>
  value === null || (Number.isInteger(value) && (value as number) >= 0);

/** What a field must hold, checked, and said in words. */
type Rule = readonly [check: (value: unknown) => boolean, expected: string];
const object: Rule = [isObject, "an object"];
const text: Rule = [(value) => typeof value === "string", "a string"];
const multiline: Rule = [isMultiline, "a string or a list of strings"];
const count: Rule = [isCount, "a non-negative integer or null"];
const minor: Rule = [(value) => Number.isInteger(value) && (value as number) >= 0, "a non-negative integer"];
const lines: Rule = [
  (value) => Array.isArray(value) && value.every((line) => typeof line === "string"),
  "a list of strings",
];

const outputFields: Record<string, Record<string, Rule>> = {
  stream: { name: text, text: multiline },
  display_data: { data: object, metadata: object },
  execute_result: { data: object, metadata: object, execution_count: count },
  error: { ename: text, evalue: text, traceback: lines },
};
const cellFields: Record<string, Record<string, Rule>> = {
  code: { metadata: object, source: multiline, outputs: [Array.isArray, "a list"], execution_count: count },
  markdown: { metadata: object, source: multiline },
  raw: { metadata: object, source: multiline },
};
const cellId = /^[a-zA-Z0-9-_]{1,64}$/;

/** Fields that may be missing (the schema requires them; nothing explr run does needs them). */
const optional = new Set(["metadata", "nbformat_minor"]);

/** Throws naming the first field of `value` that breaks `rules`, as `where`: `"source" must be ..., got 5`. */
function checkFields(value: Record<string, unknown>, rules: Record<string, Rule>, where: string): void {
  for (const [field, [check, expected]] of Object.entries(rules)) {
    if (!Object.hasOwn(value, field)) {
      if (optional.has(field)) continue;
      throw new TypeError(`${where} has no "${field}" (${expected})`);
    }
    if (!check(value[field])) {
      throw new TypeError(`${where}: "${field}" must be ${expected}, got ${describe(value[field])}`);
    }
  }
}

function checkCell(cell: unknown, where: string): void {
  if (!isObject(cell)) throw new TypeError(`${where} must be an object, got ${describe(cell)}`);
  const type = cell.cell_type;
  if (typeof type !== "string" || !Object.hasOwn(cellFields, type)) {
    throw new TypeError(
      `${where}: "cell_type" must be "code", "markdown" or "raw", got ${JSON.stringify(type)}`,
    );
  }
  checkFields(cell, cellFields[type], `${where} (${type})`);
  if (Object.hasOwn(cell, "id") && !(typeof cell.id === "string" && cellId.test(cell.id))) {
    throw new TypeError(
      `${where}: "id" must be 1 to 64 letters, digits, "-" or "_", got ${JSON.stringify(cell.id)}`,
    );
  }
  const tags = (cell.metadata as Record<string, unknown> | undefined)?.tags;
  if (tags !== undefined && !lines[0](tags)) {
    throw new TypeError(`${where}: "metadata.tags" must be ${lines[1]}, got ${describe(tags)}`);
  }
  if (type !== "code") return;
  for (const [index, output] of (cell.outputs as unknown[]).entries()) {
    const at = `${where}, output ${index + 1}`;
    if (!isObject(output)) throw new TypeError(`${at} must be an object, got ${describe(output)}`);
    const kind = output.output_type;
    if (typeof kind !== "string" || !Object.hasOwn(outputFields, kind)) {
      throw new TypeError(
        `${at}: "output_type" must be one of ${Object.keys(outputFields).join(", ")}, got ${JSON.stringify(kind)}`,
      );
    }
    checkFields(output, outputFields[kind], `${at} (${kind})`);
  }
}

/**
 * Checks a parsed notebook against nbformat 4; throws a TypeError naming the cell (1-based, as a notebook shows
 * them) and the field that is wrong.
 */
export function checkNotebook(notebook: Notebook): void {
  const top = notebook as unknown as Record<string, unknown>;
  checkFields(top, { metadata: object, nbformat_minor: minor }, "the notebook");
  for (const [index, cell] of notebook.cells.entries()) checkCell(cell, `cell ${index + 1}`);
}

/** Reads and checks the notebook at `file`; an error names the file. */
export async function readNotebook(file: string): Promise<Notebook> {
  try {
    const notebook = parseNotebook(await readFile(file, "utf8"));
    checkNotebook(notebook);
    return notebook;
  } catch (error) {
    throw new TypeError(`${file}: ${(error as Error).message}`);
  }
}
