import assert from "node:assert/strict";
import { test } from "node:test";
import { anglePlot, directionErrorPlot, effectiveLRPlot, weightNormPlot } from "../../src/plot/dynamics.js";

const groups = [
  { name: "conv", x: [0, 1, 2], y: [1, 1.5, 2.25] },
  { name: "fc", x: [0, 1, 2], y: [1, 0.9, 0.81] },
];

test("each dynamics plot has its title, y label and a log y axis by default", () => {
  for (const [build, title, yTitle] of [
    [weightNormPlot, "Weight norm per group", "‖w‖"],
    [anglePlot, "Angle between successive weights", "angle (rad)"],
    [effectiveLRPlot, "Effective learning rate", "η / ‖w‖²"],
    [directionErrorPlot, "Direction error between runs", "direction error (rad)"],
  ] as const) {
    const figure = build(groups);
    assert.equal(figure.title, title);
    assert.deepEqual((figure.layout.yaxis as { title: unknown }).title, { text: yTitle });
    assert.equal((figure.layout.yaxis as { type: string }).type, "log");
    assert.equal(figure.data.length, 2);
  }
});

test("options override the defaults", () => {
  const figure = anglePlot(groups, { yScale: "linear", xTitle: "step", title: "conv1 angle" });
  assert.equal((figure.layout.yaxis as { type: string }).type, "linear");
  assert.equal(figure.title, "conv1 angle");
});

test("a zero direction error (identical runs) cannot go on the log axis: the error says so", () => {
  assert.throws(() => directionErrorPlot([{ name: "e", x: [0, 1], y: [0, 1e-12] }]), /y = 0 at index 0/);
});
