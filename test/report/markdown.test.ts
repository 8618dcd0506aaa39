import assert from "node:assert/strict";
import { test } from "node:test";
import { renderMarkdown } from "../../src/report/markdown.js";

test("inline maths becomes MathML; dollars in code or next to spaces stay dollars", () => {
  assert.equal(
    renderMarkdown("grows by $\\alpha_I^{-2}$ per step").trim(),
    "<p>grows by <math><msubsup><mi>α</mi><mi>I</mi><mrow><mo>−</mo><mn>2</mn></mrow></msubsup></math> per step</p>",
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
