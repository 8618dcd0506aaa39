import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { afterEach, test } from "node:test";
import {
  type DisplayData,
  type DisplayOptions,
  type DisplaySink,
  displaySinkSymbol,
  toDisplayData,
} from "../../src/display.js";
import { type DashboardMetrics, TrainingDashboard } from "../../src/plot/dashboard.js";
import { plotlyMimeType } from "../../src/plot/figure.js";
import { PlotlyInlining } from "../../src/plot/plotly-js.js";

const plotlyMarker = "window.Plotly = Plotly";

interface Shown {
  data: DisplayData;
  options: DisplayOptions;
}

function installSink(): Shown[] {
  const shown: Shown[] = [];
  const sink: DisplaySink = {
    display: (data, options) => shown.push({ data, options }),
    clearOutput: () => {},
  };
  (globalThis as Record<symbol, unknown>)[displaySinkSymbol] = sink;
  return shown;
}

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[displaySinkSymbol];
});

function fakeClock() {
  const clock = { ms: 0, now: () => clock.ms };
  return clock;
}

test("in a notebook, a fast loop redraws at most every intervalMs, in place, with a final flush", () => {
  const shown = installSink();
  const clock = fakeClock();
  const dashboard = new TrainingDashboard({ title: "TEXP", intervalMs: 500, now: clock.now });
  dashboard.start(2000);
  for (let step = 1; step <= 2000; step++) {
    clock.ms += 1; // 1 ms per step: 2 s in all
    dashboard.update(step, { lr: 0.1 * 1.001 ** step, loss: 2 / step, accuracy: step / 2000 });
  }
  dashboard.finish();
  // start + one per 500 ms + the final flush
  assert.equal(shown.length, 1 + 4 + 1);
  assert.equal(dashboard.draws, shown.length);
  const ids = new Set(shown.map((s) => s.options.displayId));
  assert.equal(ids.size, 1);
  assert.deepEqual(
    shown.map((s) => s.options.update),
    [false, true, true, true, true, true],
  );
  assert.deepEqual(
    shown.map((s) => plotlyMimeType in s.data.data),
    [true, false, false, false, false, true],
    "redraws go as HTML: plotly's JupyterLab renderer ignores updates of a drawn graph",
  );
  const last = shown.at(-1) as Shown;
  assert.match(
    last.data.data["text/plain"] as string,
    /^TEXP 2000\/2000 \(100\.0%\) .*done · lr .* · train loss 0\.001/,
  );
  const spec = last.data.data[plotlyMimeType] as { data: { name: string; x: number[] }[] };
  assert.deepEqual(
    spec.data.map((t) => t.name),
    ["train loss", "train accuracy", "lr"],
  );
  assert.equal(spec.data[0].x.at(-1), 2000);
});

test("plotly.js rides on the first and the final output of the session's carrier dashboard only", () => {
  const shown = installSink();
  const clock = fakeClock();
  const inlining = new PlotlyInlining();
  const carrier = new TrainingDashboard({ intervalMs: 0, now: clock.now, inlining });
  carrier.start(3);
  for (let step = 1; step <= 3; step++) carrier.update(step, { loss: 1 / step });
  carrier.finish();
  const carries = shown.map((s) => (s.data.data["text/html"] as string).includes(plotlyMarker));
  assert.deepEqual(carries, [true, false, false, false, true]);

  const second = new TrainingDashboard({ intervalMs: 0, now: clock.now, inlining });
  second.start(1);
  second.update(1, { loss: 1 });
  second.finish();
  assert.ok(shown.slice(5).every((s) => !(s.data.data["text/html"] as string).includes(plotlyMarker)));
  const itself = toDisplayData(second).data;
  assert.ok(
    !(itself["text/html"] as string).includes(plotlyMarker),
    "the session's plotly.js went out already",
  );
  assert.match(itself["text/plain"] as string, /^Training 1\/1 \(100\.0%\) .*done · train loss 1$/);
});

test("long runs are drawn with at most maxPoints points per curve, keeping the last", () => {
  const shown = installSink();
  const dashboard = new TrainingDashboard({ maxPoints: 100, now: () => 0 });
  dashboard.start(10_000);
  for (let step = 1; step <= 10_000; step++) dashboard.update(step, { testLoss: 1 / step });
  dashboard.finish();
  const spec = (shown.at(-1) as Shown).data.data[plotlyMimeType] as { data: { name: string; x: number[] }[] };
  assert.equal(spec.data[0].name, "test loss");
  assert.ok(spec.data[0].x.length <= 100, `${spec.data[0].x.length} points`);
  assert.equal(spec.data[0].x.at(-1), 10_000);
});

test("in a terminal it is a progress bar with the metrics", () => {
  let written = "";
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  const dashboard = new TrainingDashboard({ title: "run", stream });
  dashboard.start(10);
  for (let step = 1; step <= 10; step++) dashboard.update(step, { lr: 0.1, loss: 0.5 });
  dashboard.finish();
  assert.match(written, /run .* 10\/10 \| lr 0\.1 · train loss 0\.5/);
  assert.equal(dashboard.draws, 0);
});

test("misuse is refused with the fix", () => {
  const dashboard = new TrainingDashboard({ stream: new Writable({ write: (_c, _e, done) => done() }) });
  assert.throws(() => dashboard.update(1), /call start\(total\) first/);
  assert.throws(() => dashboard.finish(), /call start\(total\) first/);
  assert.throws(() => dashboard.start(0), /positive integer, got 0/);
  assert.throws(() => new TrainingDashboard({ intervalMs: -1 }), /intervalMs/);
  dashboard.start(2);
  assert.throws(() => dashboard.start(2), /already running/);
  assert.throws(() => dashboard.update(1, { los: 1 } as never), /Unknown metric "los"/);
  assert.throws(() => dashboard.update(Number.NaN), /finite/);
  dashboard.finish();
});

/** The dashboard's figure after `steps` steps of `metrics(step)`, and `epochs` test evaluations. */
function dashboardAfter(steps: number, metrics: (step: number) => DashboardMetrics, epochs = 0) {
  installSink();
  const dashboard = new TrainingDashboard({ title: "TEXP", now: () => 0 });
  dashboard.start(steps);
  for (let step = 1; step <= steps; step++) dashboard.update(step, metrics(step));
  for (let epoch = 1; epoch <= epochs; epoch++) dashboard.update(steps, { testLoss: 0.5, testAccuracy: 0.8 });
  dashboard.finish();
  const spec = dashboard.figure().toJSON();
  const traces = spec.data as {
    name: string;
    mode: string;
    yaxis: string;
    line: { color: string; dash: string };
  }[];
  return { layout: spec.layout as Record<string, unknown>, traces };
}

const annotationTexts = (layout: Record<string, unknown>) =>
  (layout.annotations as { text: string }[]).map((a) => a.text);

test("the title is the run's alone: progress and metrics go on their own lines, each panel has its title", () => {
  const { layout } = dashboardAfter(100, (step) => ({ lr: 0.1, loss: 1 / step, accuracy: 0.5 }));
  assert.deepEqual((layout.title as { text: string }).text, "TEXP");
  const texts = annotationTexts(layout);
  assert.match(texts[0], /^100\/100 \(100\.0%\) · done<br>lr 0\.1 · train loss 0\.01 · train accuracy 0\.5$/);
  assert.deepEqual(texts.slice(1, 4), ["<b>loss</b>", "<b>accuracy</b>", "<b>learning rate</b>"]);
  assert.equal((layout.yaxis3 as { title?: unknown }).title, undefined, "no axis title to run into a panel");
});

test("train and test have their own colors and dashes, the same in every panel, and a key of two entries", () => {
  const { layout, traces } = dashboardAfter(10, () => ({ loss: 1, accuracy: 0.5 }), 1);
  const style = (name: string) => traces.find((t) => t.name === name)?.line;
  assert.deepEqual(style("train loss"), style("train accuracy"));
  assert.deepEqual(style("test loss"), style("test accuracy"));
  assert.notEqual(style("train loss")?.color, style("test loss")?.color);
  assert.deepEqual([style("train loss")?.dash, style("test loss")?.dash], ["solid", "dash"]);
  assert.equal(layout.showlegend, false);
  const key = annotationTexts(layout).at(-1) as string;
  assert.match(key, /train.*test/);
  const trainOnly = annotationTexts(dashboardAfter(10, () => ({ loss: 1 })).layout).at(-1) as string;
  assert.match(trainOnly, /train/);
  assert.doesNotMatch(trainOnly, /test/, "no key entry for a series not drawn");
});

test("the LR axis is logarithmic unless the LR touches 0, as a warmup from 0 does", () => {
  const lrAxis = (lr: (step: number) => number) =>
    (dashboardAfter(50, (step) => ({ lr: lr(step), loss: 1 })).layout.yaxis3 as { type: string }).type;
  assert.equal(
    lrAxis(() => 0.1),
    "log",
  );
  assert.equal(
    lrAxis((step) => 0.1 * (step - 1)),
    "linear",
  );
});

test("a curve of few points shows its points: one epoch's test metrics are one visible marker", () => {
  const { traces } = dashboardAfter(100, () => ({ loss: 1 }), 1);
  assert.equal(traces.find((t) => t.name === "train loss")?.mode, "lines");
  assert.equal(traces.find((t) => t.name === "test loss")?.mode, "lines+markers");
});
