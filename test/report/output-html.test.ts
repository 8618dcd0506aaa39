import assert from "node:assert/strict";
import { test } from "node:test";
import { plotlyMimeType } from "../../src/plot/figure.js";
import { renderOutput, terminalText } from "../../src/report/output-html.js";

test("terminal text loses ANSI escapes and shows progress lines in their last state", () => {
  assert.equal(terminalText("\u001b[1;31mError\u001b[0m: x"), "Error: x");
  assert.equal(terminalText("10%\r50%\r100%\nnext"), "100%\nnext");
  assert.equal(terminalText("done\r\n"), "done\n");
});

test("streams are escaped text classed by name", () => {
  const { html, usesPlotly } = renderOutput({
    output_type: "stream",
    name: "stderr",
    text: ["<b>warn</b>\n"],
  });
  assert.equal(html, '<pre class="stream stderr">&#60;b&#62;warn&#60;/b&#62;\n</pre>');
  assert.equal(usesPlotly, false);
});

test("errors show the traceback without colors, adding the name when the traceback lacks it", () => {
  const colored = renderOutput({
    output_type: "error",
    ename: "TypeError",
    evalue: "bad",
    traceback: ["\u001b[31mTypeError\u001b[0m: bad", "  at f (x.ts:1:1)"],
  }).html;
  assert.equal(colored, '<pre class="error">TypeError: bad\n  at f (x.ts:1:1)</pre>');
  const bare = renderOutput({ output_type: "error", ename: "E", evalue: "v", traceback: [] }).html;
  assert.equal(bare, '<pre class="error">E: v</pre>');
});

test("plotly JSON is preferred to HTML and drawn; a JSON string from older kernels is accepted", () => {
  const spec = { data: [{ type: "scatter", y: [1, 2] }], layout: { title: { text: "t" } } };
  for (const value of [spec, JSON.stringify(spec)]) {
    const out = renderOutput({
      output_type: "display_data",
      data: { [plotlyMimeType]: value, "text/html": "<p>fallback</p>", "text/plain": "Figure" },
    });
    assert.equal(out.usesPlotly, true);
    assert.doesNotMatch(out.html, /fallback/);
    assert.match(out.html, /Plotly\.newPlot/);
    assert.match(out.html, /"y":\[1,2\]/);
  }
});

test("images inline as data URIs, HTML and markdown as markup, JSON pretty, else text", () => {
  const data = (d: Record<string, unknown>) => renderOutput({ output_type: "display_data", data: d }).html;
  assert.equal(
    data({ "image/png": "iVBO\nRw==\n", "text/plain": "img" }),
    '<img alt="output image" src="data:image/png;base64,iVBORw==">',
  );
  assert.equal(data({ "text/html": ["<i>", "x</i>"] }), '<div class="rich"><i>x</i></div>');
  assert.equal(data({ "text/markdown": "**b**" }), '<div class="rich"><p><strong>b</strong></p>\n</div>');
  assert.equal(data({ "application/json": { a: 1 } }), '<pre class="json">{\n  &#34;a&#34;: 1\n}</pre>');
  assert.equal(data({ "text/plain": "1 < 2" }), '<pre class="text">1 &#60; 2</pre>');
  assert.match(data({ "application/x-widget": {} }), /output of type application\/x-widget not shown/);
});
