import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import {
  type DisplayData,
  type DisplayOptions,
  displaySinkSymbol,
  type MimeBundle,
} from "../../src/display.js";
import { Figure, plotlyMimeType } from "../../src/plot/figure.js";
import { LiveFigure } from "../../src/plot/live-figure.js";
import { PlotlyInlining } from "../../src/plot/plotly-js.js";

const plotlyMarker = "window.Plotly = Plotly";

interface Shown {
  data: DisplayData;
  options: DisplayOptions;
}

function installSink(): Shown[] {
  const shown: Shown[] = [];
  (globalThis as Record<symbol, unknown>)[displaySinkSymbol] = {
    display: (data: DisplayData, options: DisplayOptions) => shown.push({ data, options }),
    clearOutput: () => {},
  };
  return shown;
}

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[displaySinkSymbol];
});

const figureOf = (points: number) =>
  new Figure({
    data: [{ type: "scatter", x: [...Array(points).keys()], y: Array(points).fill(1), name: "loss" }],
  });

/**
 * JupyterLab 4's output area as far as it matters here: an update whose preferred MIME type (plotly JSON over HTML)
 * is the one shown goes to the renderer on the page, and plotly's renderer ignores a model once it has drawn one;
 * any other update gets a new renderer. Returns the text of the state on screen.
 */
function labShows(frames: readonly MimeBundle[]): string | undefined {
  let renderer: { mime: string; drawn: string } | undefined;
  for (const bundle of frames) {
    const mime = plotlyMimeType in bundle ? plotlyMimeType : "text/html";
    const text = bundle["text/plain"] as string;
    if (renderer?.mime === mime) {
      if (mime !== plotlyMimeType) renderer.drawn = text;
    } else {
      renderer = { mime, drawn: text };
    }
  }
  return renderer?.drawn;
}

test("one output: the plotly bundle first and last, HTML-only redraws in between, all under one display id", () => {
  const shown = installSink();
  const live = new LiveFigure(new PlotlyInlining());
  live.show(figureOf(0), "0 steps");
  live.redraw(figureOf(1), "1 step");
  live.redraw(figureOf(2), "2 steps");
  live.finish(figureOf(3), "3 steps");
  assert.deepEqual(live.frames, ["full", "redraw", "redraw", "full"]);
  assert.deepEqual(
    shown.map((s) => s.options),
    [false, true, true, true].map((update) => ({ displayId: live.displayId, update })),
  );
  assert.deepEqual(
    shown.map((s) => Object.keys(s.data.data).sort()),
    [
      [plotlyMimeType, "text/html", "text/plain"],
      ["text/html", "text/plain"],
      ["text/html", "text/plain"],
      [plotlyMimeType, "text/html", "text/plain"],
    ],
  );
  const final = shown[3].data.data;
  assert.equal(final["text/plain"], "3 steps");
  const spec = final[plotlyMimeType] as { data: { x: number[] }[] };
  assert.deepEqual(spec.data[0].x, [0, 1, 2], "the final state as a plotly JSON object");
  assert.match(final["text/html"] as string, /"x":\[0,1,2\]/);
  assert.match(shown[2].data.data["text/html"] as string, /"x":\[0,1\]/);
});

test("a frontend that ignores same-type plotly updates ends on the final state, redraws included", () => {
  const shown = installSink();
  const live = new LiveFigure(new PlotlyInlining());
  live.show(figureOf(0), "first");
  live.redraw(figureOf(1), "middle");
  assert.equal(labShows(shown.map((s) => s.data.data)), "middle");
  live.finish(figureOf(2), "final");
  assert.equal(labShows(shown.map((s) => s.data.data)), "final");
});

test("finishing right after show puts a redraw between the two plotly bundles", () => {
  const shown = installSink();
  const live = new LiveFigure(new PlotlyInlining());
  live.show(figureOf(0), "first");
  live.finish(figureOf(5), "final");
  assert.deepEqual(live.frames, ["full", "redraw", "full"]);
  assert.equal(labShows(shown.map((s) => s.data.data)), "final");
  // what a frontend shows if the final bundle went right after the first: the first state, frozen
  assert.equal(labShows([shown[0].data.data, shown[2].data.data]), "first");
});

test("plotly.js rides on the first and the final frame of the session's carrier only", () => {
  const shown = installSink();
  const inlining = new PlotlyInlining();
  const carrier = new LiveFigure(inlining);
  carrier.show(figureOf(0), "a");
  carrier.redraw(figureOf(1), "b");
  carrier.finish(figureOf(2), "c");
  const other = new LiveFigure(inlining);
  other.show(figureOf(0), "a");
  other.finish(figureOf(1), "b");
  assert.deepEqual(
    shown.map((s) => (s.data.data["text/html"] as string).includes(plotlyMarker)),
    [true, false, true, false, false, false],
  );
  assert.notEqual(carrier.displayId, other.displayId);
});

test("misuse is refused with the fix", () => {
  installSink();
  const live = new LiveFigure(new PlotlyInlining());
  assert.throws(() => live.redraw(figureOf(1), "x"), /call show\(\) first/);
  assert.throws(() => live.finish(figureOf(1), "x"), /call show\(\) first/);
  live.show(figureOf(0), "x");
  assert.throws(() => live.show(figureOf(0), "x"), /shown already/);
});
