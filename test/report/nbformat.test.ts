import assert from "node:assert/strict";
import { test } from "node:test";
import { joinText, parseNotebook } from "../../src/report/nbformat.js";

test("multiline strings join without separators", () => {
  assert.equal(joinText(["a\n", "b"]), "a\nb");
  assert.equal(joinText("ab"), "ab");
  assert.equal(joinText(undefined), "");
});

test("a notebook parses from JSON text or an object", () => {
  const notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] };
  assert.deepEqual(parseNotebook(JSON.stringify(notebook)), notebook);
  assert.equal(parseNotebook(notebook), notebook);
});

test("what is not an nbformat 4 notebook is refused with the fix", () => {
  assert.throws(() => parseNotebook("{"), /not JSON .*\.ipynb/);
  assert.throws(() => parseNotebook(null), /must be an object, got null/);
  assert.throws(() => parseNotebook({ nbformat: 3, worksheets: [] }), /got nbformat 3: convert it with/);
  assert.throws(() => parseNotebook({ nbformat: 4 }), /no cells array/);
});
