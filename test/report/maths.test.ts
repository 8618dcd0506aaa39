import assert from "node:assert/strict";
import { test } from "node:test";
import { texToMathml } from "../../src/report/maths.js";

test("the notebooks' notation becomes MathML", () => {
  const mathml = texToMathml("\\tilde\\eta_t = \\eta\\,\\alpha^{-2t-1}");
  assert.match(mathml, /^<math>.*<\/math>$/s);
  assert.match(mathml, /<mi>η<\/mi>/);
  assert.match(mathml, /<msup><mi>α<\/mi><mrow>.*<mn>2<\/mn><mi>t<\/mi>.*<mn>1<\/mn><\/mrow><\/msup>/);
  assert.match(
    texToMathml("x_1^2"),
    /^<math><msubsup><mi>x<\/mi><mn>1<\/mn><mn[^>]*>2<\/mn><\/msubsup><\/math>$/,
  );
  assert.match(texToMathml("\\frac{1-\\alpha}{\\alpha\\eta}"), /<mfrac>/);
  assert.match(texToMathml("\\mathbb{R}^2"), /<mi>ℝ<\/mi>/);
  assert.match(texToMathml("\\lVert w\\rVert"), /‖.*<mi>w<\/mi>.*‖/);
});

test("text in a formula is escaped", () => {
  assert.match(texToMathml("a < b"), /<mo>&lt;<\/mo>/);
  assert.equal(texToMathml('\\text{<b>"}'), "<math><mtext>&lt;b&gt;&quot;</mtext></math>");
});

test("a malformed formula shows as its marked, escaped source with the parser's message on one line", () => {
  assert.equal(
    texToMathml("\\frac{1<2"),
    '<code class="maths-error" title="Unexpected end of input in a macro argument, expected &#39;}&#39; at end of input: ' +
      '\\frac{1&#60;2">$\\frac{1&#60;2$</code>',
  );
  assert.equal(
    texToMathml("\\foo"),
    '<code class="maths-error" title="Unsupported function name: \\foo at position 1: \\foo">$\\foo$</code>',
  );
  const ampersand = texToMathml("a & b");
  assert.match(ampersand, /^<code class="maths-error" title="[^"\n]+">\$a &#38; b\$<\/code>$/);
  assert.equal(ampersand.includes("\u0332"), false);
});
