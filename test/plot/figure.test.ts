import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { displaySymbol, toDisplayData } from "../../src/display.js";
import { Figure, plotlyMimeType } from "../../src/plot/figure.js";
import { PlotlyInlining } from "../../src/plot/plotly-js.js";

const plotlyMarker = "window.Plotly = Plotly";

function lrFigure(): Figure {
  return new Figure({
    data: [
      { type: "scatter", name: "step decay", x: [0, 1, 2], y: [0.1, 0.1, 0.01] },
      { type: "scatter", name: "exponential", x: [0, 1, 2], y: [0.1, 0.11, 0.12] },
    ],
    layout: { title: { text: "LR schedules" } },
  });
}

test("the bundle carries the plotly spec as an object, HTML drawing it, and a text line", () => {
  const figure = lrFigure();
  const { data } = figure.displayData(new PlotlyInlining());
  const spec = data[plotlyMimeType] as { data: unknown[]; layout: Record<string, unknown> };
  assert.equal(typeof spec, "object");
  assert.deepEqual(JSON.parse(JSON.stringify(spec)), JSON.parse(JSON.stringify(figure.toJSON())));
  assert.equal(spec.layout.paper_bgcolor, "rgba(0,0,0,0)");
  assert.match(data["text/html"] as string, /Plotly\.newPlot/);
  assert.equal(data["text/plain"], 'Figure "LR schedules": 2 traces (step decay, exponential)');
});

test("plotly.js travels with the first HTML output only: ten figures stay small", () => {
  const inlining = new PlotlyInlining();
  const htmls = Array.from(
    { length: 10 },
    () => lrFigure().displayData(inlining).data["text/html"] as string,
  );
  const carriers = htmls.filter((html) => html.includes(plotlyMarker));
  assert.equal(carriers.length, 1);
  assert.ok(htmls[0].includes(plotlyMarker));
  const rest = htmls.slice(1).reduce((sum, html) => sum + html.length, 0);
  assert.ok(rest < 20_000, `nine later figures take ${rest} characters`);
});

test("the display protocol gets the bare MIME bundle (Deno's shape)", () => {
  const bundle = lrFigure()[displaySymbol]() as Record<string, unknown>;
  assert.deepEqual(Object.keys(bundle).sort(), [plotlyMimeType, "text/html", "text/plain"].sort());
});

test("through the display protocol, a process inlines plotly.js at most once", () => {
  const htmls = [lrFigure(), lrFigure(), lrFigure()].map((f) => toDisplayData(f).data["text/html"] as string);
  assert.ok(htmls.filter((html) => html.includes(plotlyMarker)).length <= 1);
  assert.ok(!htmls[2].includes(plotlyMarker));
});

test("text/plain names an untitled figure and unnamed traces", () => {
  assert.equal(new Figure({ data: [{ type: "bar" }] }).toString(), "Figure: 1 trace (trace 0)");
  assert.equal(new Figure({ data: [], layout: { title: "T" } }).toString(), 'Figure "T": 0 traces');
});

test("a figure without a data array is refused", () => {
  assert.throws(() => new Figure({} as never), /A figure needs data/);
});

test("save writes offline HTML or the JSON spec atomically, and refuses other extensions", async () => {
  const dir = await mkdtemp(join(tmpdir(), "explr-figure-"));
  try {
    const figure = lrFigure();
    assert.equal(await figure.save(join(dir, "lr.html")), join(dir, "lr.html"));
    const html = await readFile(join(dir, "lr.html"), "utf8");
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.equal(html.split(plotlyMarker).length - 1, 1);
    assert.doesNotMatch(html, /<script[^>]+src=/);
    await figure.save(join(dir, "lr.json"));
    assert.deepEqual(
      JSON.parse(await readFile(join(dir, "lr.json"), "utf8")),
      JSON.parse(JSON.stringify(figure.toJSON())),
    );
    await assert.rejects(figure.save(join(dir, "lr.png")), TypeError);
    assert.deepEqual((await readdir(dir)).sort(), ["lr.html", "lr.json"]);
  } finally {
    await rm(dir, { recursive: true });
  }
});
