import assert from "node:assert/strict";
import { test } from "node:test";
import { runInNewContext } from "node:vm";
import { escapeHtml, htmlPage, plotElement } from "../../src/plot/html.js";
import type { PlotlySpec } from "../../src/plot/spec.js";
import { themeFontColor } from "../../src/plot/theme.js";

const spec: PlotlySpec = {
  data: [{ type: "scatter", name: "</script><b>x", x: [0, 1], y: [1, 2] }],
  layout: { font: { color: themeFontColor }, height: 300 },
  config: {},
};

/** Runs the inline script of a plot element against a fake page; returns what it did. */
function runDrawScript(html: string, withPlotly: boolean) {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  const element = { textContent: "" };
  const calls: unknown[][] = [];
  const timers: (() => void)[] = [];
  const window: Record<string, unknown> = {};
  if (withPlotly) window.Plotly = { newPlot: (...args: unknown[]) => calls.push(args) };
  const context = {
    window,
    document: { getElementById: () => element },
    getComputedStyle: () => ({ color: "rgb(230, 237, 243)" }),
    setTimeout: (fn: () => void) => timers.push(fn),
  };
  runInNewContext(scripts.at(-1) as string, context);
  return { element, calls, timers };
}

test("escapeHtml escapes markup and quotes", () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;");
});

test("a plot element's data cannot close its script", () => {
  const html = plotElement(spec, { id: "p1" });
  assert.equal(html.match(/<\/script>/g)?.length, 1);
  assert.match(html, /<div id="p1" class="explr-plot" style="width:100%;height:300px"><\/div>/);
});

test("the draw script draws with window.Plotly, the theme's gray text taking the page's color", () => {
  const { calls } = runDrawScript(plotElement(spec, { id: "p1" }), true);
  assert.equal(calls.length, 1);
  const [, data, layout] = calls[0] as [unknown, { name: string }[], { font: { color: string } }];
  assert.equal(data[0].name, "</script><b>x");
  assert.equal(layout.font.color, "rgb(230, 237, 243)");
});

test("without plotly.js the draw script waits, then says what is missing", () => {
  const { element, calls, timers } = runDrawScript(plotElement(spec), false);
  let rounds = 0;
  while (timers.length > 0 && rounds < 1000) {
    (timers.shift() as () => void)();
    rounds++;
  }
  assert.equal(calls.length, 0);
  assert.equal(rounds, 300);
  assert.match(element.textContent, /plotly\.js is not on this page/);
});

test("includePlotly puts the guarded bundle before the figure", () => {
  const html = plotElement(spec, { includePlotly: true });
  assert.ok(html.startsWith("<script>if (!window.Plotly) {"));
  assert.ok(html.length > 1_000_000);
});

test("a page is a complete document with an escaped title and plotly.js only when asked", () => {
  const page = htmlPage({ title: "a < b", body: "<p>hi</p>" });
  assert.match(page, /^<!DOCTYPE html>/);
  assert.match(page, /<title>a &#60; b<\/title>/);
  assert.match(page, /prefers-color-scheme: dark/);
  assert.ok(page.length < 5000);
  assert.ok(htmlPage({ title: "t", body: "", includePlotly: true }).length > 1_000_000);
});
