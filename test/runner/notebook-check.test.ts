import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { checkNotebook, readNotebook } from "../../runner/notebook-check.js";
import type { Notebook } from "../../src/report/nbformat.js";
import { tempDir } from "../temp-dirs.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

const codeCell = { cell_type: "code", metadata: {}, source: "1", outputs: [], execution_count: null };
const notebookWith = (cells: unknown[], top: Record<string, unknown> = {}) =>
  ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells, ...top }) as unknown as Notebook;

test("the project's notebooks and fixtures pass", async () => {
  const files = [
    ...readdirSync(path.join(root, "notebooks")).map((name) => path.join(root, "notebooks", name)),
    path.join(root, "test/fixtures/notebooks/sample.ipynb"),
    path.join(root, "test/kernel/notebook/smoke.ipynb"),
  ].filter((file) => file.endsWith(".ipynb"));
  assert.ok(files.length >= 5);
  for (const file of files) await readNotebook(file);
});

test("each malformed field is refused naming the cell and the field", () => {
  const refused: [unknown[], RegExp, Record<string, unknown>?][] = [
    [[null], /: cell 1 must be an object, got null$/],
    [
      [codeCell, { ...codeCell, source: 5 }],
      /: cell 2 \(code\): "source" must be a string or a list of strings, got 5$/,
    ],
    [[{ ...codeCell, source: ["a", 1] }], /"source" must be a string or a list of strings, got a list/],
    [
      [{ ...codeCell, cell_type: "python" }],
      /: cell 1: "cell_type" must be "code", "markdown" or "raw", got "python"$/,
    ],
    [
      [{ cell_type: "markdown", source: "x", metadata: [] }],
      /cell 1 \(markdown\): "metadata" must be an object, got a list$/,
    ],
    [[{ cell_type: "markdown" }], /cell 1 \(markdown\) has no "source" \(a string or a list of strings\)$/],
    [[{ ...codeCell, outputs: undefined }], /cell 1 \(code\) has no "outputs" \(a list\)$/],
    [
      [{ ...codeCell, execution_count: -1 }],
      /"execution_count" must be a non-negative integer or null, got -1/,
    ],
    [[{ ...codeCell, id: "has space" }], /cell 1: "id" must be 1 to 64 letters/],
    [
      [{ ...codeCell, metadata: { tags: "parameters" } }],
      /: cell 1: "metadata.tags" must be a list of strings/,
    ],
    [
      [{ ...codeCell, outputs: [{ output_type: "stream", name: "stdout" }] }],
      /: cell 1, output 1 \(stream\) has no "text"/,
    ],
    [[{ ...codeCell, outputs: [7] }], /cell 1, output 1 must be an object, got 7$/],
    [
      [{ ...codeCell, outputs: [{ output_type: "pdf" }] }],
      /: cell 1, output 1: "output_type" must be one of stream/,
    ],
    [
      [{ ...codeCell, outputs: [{ output_type: "error", ename: "E", evalue: "v", traceback: [1] }] }],
      /"traceback" must be a list of strings/,
    ],
    [[], /the notebook: "metadata" must be an object, got null$/, { metadata: null }],
    [[], /the notebook: "nbformat_minor" must be a non-negative integer, got "5"$/, { nbformat_minor: "5" }],
  ];
  for (const [cells, message, top] of refused) {
    const notebook = JSON.parse(JSON.stringify(notebookWith(cells, top)));
    assert.throws(() => checkNotebook(notebook), message, JSON.stringify(cells));
  }
  checkNotebook(
    notebookWith([codeCell, { cell_type: "raw", metadata: {}, source: ["a\n", "b"], id: "a-1_B" }]),
  );
  // what the schema requires but nothing reads may be missing: the notebook's and the cells' metadata, the minor
  checkNotebook({
    nbformat: 4,
    cells: [{ cell_type: "code", source: "1", outputs: [], execution_count: null }],
  });
});

test("a file that is not JSON, not nbformat 4 or malformed is refused naming the file", async () => {
  const dir = tempDir("explr-notebook-check-");
  const cases: [string, string, RegExp][] = [
    ["broken.ipynb", "{", /broken\.ipynb: The notebook is not JSON \(/],
    ["old.ipynb", '{"nbformat": 3, "worksheets": []}', /old\.ipynb: Only nbformat 4 .*got nbformat 3/],
    ["nulls.ipynb", JSON.stringify(notebookWith([null])), /nulls\.ipynb: cell 1 must be an object, got null/],
  ];
  for (const [name, text, message] of cases) {
    writeFileSync(path.join(dir, name), text);
    await assert.rejects(readNotebook(path.join(dir, name)), message);
  }
});
