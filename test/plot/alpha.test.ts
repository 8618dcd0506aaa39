import assert from "node:assert/strict";
import { test } from "node:test";
import { alphaPlot } from "../../src/plot/alpha.js";

// The plot takes α as data; these values only need to be plausible (the larger root for γ = 0.9).
const lambdaEta = [1e-5, 1e-4, 1e-3, 2e-3, 3e-3];
const alpha = [0.9999, 0.999, 0.99, 0.978, Number.NaN];

test("α against λη on a log x axis, the validity region shaded in the curve's color", () => {
  const figure = alphaPlot([
    { gamma: 0.9, lambdaEta, alpha, validUpTo: 0.0026334 },
    { gamma: 0, lambdaEta, alpha: lambdaEta.map((le) => 1 - le), validUpTo: 1 },
  ]);
  assert.deepEqual(
    figure.data.map((t) => t.name),
    ["γ = 0.9", "γ = 0"],
  );
  assert.equal((figure.layout.xaxis as { type: string }).type, "log");
  const shapes = figure.layout.shapes as Record<string, unknown>[];
  assert.equal(shapes.length, 4);
  const [rect, edge] = shapes;
  assert.equal(rect.type, "rect");
  assert.equal(rect.x0, 1e-5);
  assert.equal(rect.x1, 0.0026334);
  assert.equal(rect.fillcolor, (figure.data[0].line as { color: string }).color);
  assert.equal(edge.x0, 0.0026334);
  assert.notEqual(shapes[2].fillcolor, rect.fillcolor);
});

test("a linear x axis shades from λη = 0", () => {
  const figure = alphaPlot([{ gamma: 0.9, lambdaEta, alpha, validUpTo: 0.0026334 }], { xScale: "linear" });
  assert.equal((figure.layout.shapes as { x0: number }[])[0].x0, 0);
});

test("bad curves are refused", () => {
  assert.throws(() => alphaPlot([]), RangeError);
  assert.throws(() => alphaPlot([{ gamma: 0.9, lambdaEta, alpha, validUpTo: 0 }]), /validUpTo must be/);
  assert.throws(
    () => alphaPlot([{ gamma: 0.9, lambdaEta: [0, 1e-3], alpha: [1, 0.99], validUpTo: 0.002 }]),
    /x = 0 at index 0/,
  );
  assert.throws(
    () => alphaPlot([{ gamma: 0.9, lambdaEta, alpha: [1], validUpTo: 0.002 }]),
    /5 x values but 1/,
  );
});
