import assert from "node:assert/strict";
import { test } from "node:test";
import { trainingCurves } from "../../src/plot/training.js";

const epochs = [1, 2, 3];

test("runs are compared by color, train solid and test dashed, loss and accuracy side by side", () => {
  const figure = trainingCurves([
    {
      name: "step decay",
      loss: { train: { x: epochs, y: [2, 1, 0.5] }, test: { x: epochs, y: [2.1, 1.2, 0.7] } },
      accuracy: { test: { x: epochs, y: [0.3, 0.6, 0.8] } },
    },
    { name: "TEXP", loss: { train: { x: epochs, y: [2, 1.1, 0.6] } } },
  ]);
  const traces = figure.data.map((t) => ({
    name: t.name,
    axes: `${t.xaxis}${t.yaxis}`,
    ...(t.line as { color: string; dash: string }),
  }));
  assert.deepEqual(
    traces.map((t) => [t.name, t.axes, t.dash]),
    [
      ["step decay train loss", "xy", "solid"],
      ["step decay test loss", "xy", "dash"],
      ["step decay test accuracy", "x2y2", "dash"],
      ["TEXP train loss", "xy", "solid"],
    ],
  );
  assert.equal(traces[0].color, traces[2].color);
  assert.notEqual(traces[0].color, traces[3].color);
  assert.equal((figure.layout.yaxis as { type: string }).type, "log");
  assert.equal((figure.layout.yaxis2 as { type: string }).type, "linear");
  assert.equal((figure.layout.yaxis2 as { anchor: string }).anchor, "x2");
});

test("only the metrics present get a panel", () => {
  const figure = trainingCurves([{ name: "r", accuracy: { train: { x: epochs, y: [0.1, 0.2, 0.3] } } }], {
    accuracyTitle: "accuracy (%)",
  });
  assert.equal(figure.layout.xaxis2, undefined);
  assert.deepEqual((figure.layout.yaxis as { title: unknown }).title, { text: "accuracy (%)" });
  assert.deepEqual((figure.layout.xaxis as { domain: number[] }).domain, [0, 1]);
});

test("empty runs, runs without curves and bad curves are refused", () => {
  assert.throws(() => trainingCurves([]), RangeError);
  assert.throws(() => trainingCurves([{ name: "r" }]), /No run has curves/);
  assert.throws(
    () => trainingCurves([{ name: "r", loss: { train: { x: epochs, y: [1, 2] } } }]),
    /"r train loss" has 3 x values but 2 y values/,
  );
  assert.throws(
    () => trainingCurves([{ name: "r", loss: { test: { x: epochs, y: [1, 0, 2] } } }]),
    /log y axis/,
  );
  assert.doesNotThrow(() =>
    trainingCurves([{ name: "r", loss: { test: { x: epochs, y: [1, 0, 2] } } }], { lossScale: "linear" }),
  );
});
