import assert from "node:assert/strict";
import { test } from "node:test";
import { texToMathml } from "../../src/report/tex-mathml.js";

test("letters, numbers, operators, Greek letters and scripts", () => {
  assert.equal(
    texToMathml("\\tilde\\eta_t = \\eta\\,\\alpha^{-2t-1}"),
    '<math><msub><mover accent="true"><mi>η</mi><mo>~</mo></mover><mi>t</mi></msub><mo>=</mo><mi>η</mi>' +
      '<mspace width="0.167em"></mspace><msup><mi>α</mi><mrow><mo>−</mo><mn>2</mn><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msup></math>',
  );
  assert.equal(texToMathml("x_1^2"), "<math><msubsup><mi>x</mi><mn>1</mn><mn>2</mn></msubsup></math>");
});

test("fractions, roots, norms and named letters", () => {
  assert.equal(
    texToMathml("\\frac{1-\\alpha}{\\alpha\\eta}"),
    "<math><mfrac><mrow><mn>1</mn><mo>−</mo><mi>α</mi></mrow><mrow><mi>α</mi><mi>η</mi></mrow></mfrac></math>",
  );
  assert.equal(texToMathml("(1 - \\sqrt\\gamma)^2").includes("<msqrt><mi>γ</mi></msqrt>"), true);
  assert.equal(texToMathml("\\lVert w\\rVert"), "<math><mo>‖</mo><mi>w</mi><mo>‖</mo></math>");
  assert.equal(
    texToMathml("\\mathbb{R}^2"),
    '<math><msup><mi mathvariant="double-struck">R</mi><mn>2</mn></msup></math>',
  );
  assert.equal(
    texToMathml("\\operatorname{sign}(x)"),
    "<math><mi>sign</mi><mo>(</mo><mi>x</mi><mo>)</mo></math>",
  );
});

test("an unknown command shows as its source, and text is escaped", () => {
  assert.equal(texToMathml("\\foo < 1"), "<math><mtext>\\foo</mtext><mo>&#60;</mo><mn>1</mn></math>");
});
