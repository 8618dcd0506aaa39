import assert from "node:assert/strict";
import { test } from "node:test";
import { notebookTitle, notebookToHtml } from "../../src/report/notebook-html.js";
import { executedNotebook } from "./fixture.js";

const plotlyMarker = "window.Plotly = Plotly";

test("an executed notebook becomes one self-contained page", () => {
  const notebook = executedNotebook();
  const html = notebookToHtml(JSON.stringify(notebook));
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<title>Exponential LR<\/title>/);
  assert.match(html, /<h1>Exponential LR<\/h1>/);
  assert.match(html, /<em>equivalence<\/em>/);
  assert.match(html, /<img src="data:image\/png;base64,iVBOR[^"]*" alt="logo">/);
  assert.match(html, /<pre class="source"><code>console\.log\(/);
  assert.match(html, /\[1\]:/);
  assert.match(html, /\[ \]:/);
  assert.match(html, /<pre class="stream stdout">ready\n<\/pre>/);
  assert.match(html, /<pre class="stream stderr">epoch 1 100%\n<\/pre>/);
  assert.match(html, /<pre class="error">RangeError: λη = 1 &#62; \(1−√γ\)² = 0\.0026334/);
  assert.match(html, /<table><tr><th>η<\/th>/);
  assert.match(html, /<pre class="text">0\.99949772836789<\/pre>/);
  assert.doesNotMatch(html, /raw text for another converter/);
  assert.ok(!html.includes("\u001b"), "no ANSI escape is left");
  assert.doesNotMatch(html, /<script[^>]+src=/, "nothing is fetched");
});

test("plotly.js is inlined once for all figures, even when the notebook carried it in an output", () => {
  const notebook = executedNotebook();
  assert.ok(JSON.stringify(notebook).includes(plotlyMarker), "the fixture's first figure carries plotly.js");
  const html = notebookToHtml(notebook);
  assert.equal(html.split(plotlyMarker).length - 1, 1);
  assert.equal(html.match(/class="explr-plot"/g)?.length, 2);
  assert.ok(html.length < 5_200_000, `${html.length} characters`);
});

test("a notebook without figures gets no plotly.js", () => {
  const html = notebookToHtml({ nbformat: 4, cells: [{ cell_type: "markdown", source: "hi" }] });
  assert.ok(!html.includes(plotlyMarker));
  assert.ok(html.length < 10_000);
});

test("the title comes from the option, the metadata, the first heading, or is Notebook", () => {
  assert.match(notebookToHtml({ nbformat: 4, cells: [] }, { title: "Run 3" }), /<title>Run 3<\/title>/);
  assert.equal(notebookTitle({ nbformat: 4, metadata: { title: " Meta " }, cells: [] }), "Meta");
  assert.equal(
    notebookTitle({ nbformat: 4, cells: [{ cell_type: "markdown", source: "text\n## Sub\n" }] }),
    "Sub",
  );
  assert.equal(notebookTitle({ nbformat: 4, cells: [] }), "Notebook");
});

test("a bad notebook is refused", () => {
  assert.throws(() => notebookToHtml({ nbformat: 3, cells: [] }), /nbformat 3/);
});
