import assert from "node:assert/strict";
import { test } from "node:test";
import { renderMarkdown } from "../../src/report/markdown.js";

test("inline maths becomes MathML; dollars in code or next to spaces stay dollars", () => {
  assert.equal(
    renderMarkdown("grows by $\\alpha_I^{-2}$ per step").trim(),
    "<p>grows by <math><msubsup><mi>α</mi><mi>I</mi><mrow>" +
      '<mo form="prefix" stretchy="false" lspace="0em" rspace="0em">−</mo><mn>2</mn></mrow></msubsup></math> per step</p>',
  );
  assert.equal(
    renderMarkdown("`$x_1$` costs $ 5 and $6 $").trim(),
    "<p><code>$x_1$</code> costs $ 5 and $6 $</p>",
  );
  assert.match(
    renderMarkdown("| a |\n| --- |\n| $x_1$ |"),
    /<td><math><msub><mi>x<\/mi><mn>1<\/mn><\/msub><\/math><\/td>/,
  );
});

test("a malformed formula shows as its source and the rest of the cell still renders", () => {
  assert.match(
    renderMarkdown("before $\\frac{1$ and $x$ after").trim(),
    /^<p>before <code class="maths-error" title="[^"]+">\$\\frac\{1\$<\/code> and <math><mi>x<\/mi><\/math> after<\/p>$/,
  );
});
