import assert from "node:assert/strict";
import { test } from "node:test";
import { PlotlyInlining, plotlyJsSource } from "../../src/plot/plotly-js.js";

test("the installed plotly.js bundle is read and defines window.Plotly", () => {
  const source = plotlyJsSource();
  assert.ok(source.length > 1_000_000, `plotly.js is ${source.length} characters`);
  assert.match(source, /window\.Plotly = Plotly/);
  assert.equal(plotlyJsSource(), source);
});

test("the right to inline plotly.js is handed out once", () => {
  const inlining = new PlotlyInlining();
  assert.equal(inlining.take(), true);
  assert.equal(inlining.take(), false);
  assert.equal(inlining.take(), false);
  assert.equal(new PlotlyInlining().take(), true);
});
