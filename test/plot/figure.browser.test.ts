import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { alphaPlot } from "../../src/plot/alpha.js";
import { TrainingDashboard } from "../../src/plot/dashboard.js";
import { weightNormPlot } from "../../src/plot/dynamics.js";
import type { Figure } from "../../src/plot/figure.js";
import { htmlPage } from "../../src/plot/html.js";
import { PlotlyInlining } from "../../src/plot/plotly-js.js";
import { schedulePlot } from "../../src/plot/schedules.js";
import { trainingCurves } from "../../src/plot/training.js";
import { makeSchedule } from "../../src/schedule/schedule.js";
import { drawnCharts, launchChromium, openOffline, resultsDir } from "./chromium.js";

const stepsPerEpoch = 10;
const stepDecay = makeSchedule(
  { kind: "stepDecay" },
  (step) => 0.1 * 0.1 ** Math.floor(step / (8 * stepsPerEpoch)),
);
const exponential = makeSchedule({ kind: "exponential" }, (step) => 0.1 * 1.481 ** (step / stepsPerEpoch));
const epochs = Array.from({ length: 20 }, (_, i) => i + 1);
const grid = Array.from({ length: 60 }, (_, i) => 1e-5 * 10 ** (i / 20));
const alphaOf = (gamma: number, le: number) => {
  const b = 1 + gamma - le;
  const d = b * b - 4 * gamma;
  return d < 0 ? Number.NaN : (b + Math.sqrt(d)) / 2;
};

function dashboardFigure(): Figure {
  const dashboard = new TrainingDashboard({
    title: "TEXP",
    stream: new Writable({ write: (_c, _e, done) => done() }),
  });
  dashboard.start(200);
  for (let step = 1; step <= 150; step++) {
    const metrics = { lr: exponential(step), loss: 2 / Math.sqrt(step), accuracy: 1 - 1 / Math.sqrt(step) };
    dashboard.update(step, step % 50 === 0 ? { ...metrics, testLoss: 2.2 / Math.sqrt(step) } : metrics);
  }
  dashboard.finish();
  return dashboard.figure();
}

function figures(): Record<string, Figure> {
  return {
    dashboard: dashboardFigure(),
    schedules: schedulePlot(
      { "step decay": stepDecay, "exponential 1.481^t": exponential },
      { steps: 20 * stepsPerEpoch, stepsPerEpoch, xAxis: "epoch", yScale: "log" },
    ),
    training: trainingCurves([
      {
        name: "step decay",
        loss: {
          train: { x: epochs, y: epochs.map((e) => 2 / e) },
          test: { x: epochs, y: epochs.map((e) => 2.2 / e) },
        },
        accuracy: { test: { x: epochs, y: epochs.map((e) => 1 - 0.9 / e) } },
      },
      {
        name: "TEXP",
        loss: { train: { x: epochs, y: epochs.map((e) => 2.1 / e) } },
        accuracy: { test: { x: epochs, y: epochs.map((e) => 1 - 0.95 / e) } },
      },
    ]),
    alpha: alphaPlot(
      [0.9, 0.5].map((gamma) => ({
        gamma,
        lambdaEta: grid,
        alpha: grid.map((le) => alphaOf(gamma, le)),
        validUpTo: (1 - Math.sqrt(gamma)) ** 2,
      })),
    ),
    norms: weightNormPlot([
      { name: "conv", x: epochs, y: epochs.map((e) => 1.2 ** e) },
      { name: "fc", x: epochs, y: epochs.map((e) => 0.9 ** e) },
    ]),
  };
}

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test("saved figures draw offline, in light and dark", async () => {
  for (const [name, figure] of Object.entries(figures())) {
    const path = await figure.save(join(resultsDir, `${name}.html`));
    for (const scheme of ["light", "dark"] as const) {
      const { page, refused, errors } = await openOffline(browser, path, scheme);
      assert.equal(await drawnCharts(page, 1), 1, `${name} (${scheme}) is drawn`);
      const traces = await page.locator(".js-plotly-plot .scatterlayer .trace").count();
      assert.equal(traces, figure.data.length, `${name} (${scheme}) shows every trace`);
      const titleColor = await page
        .locator(".gtitle")
        .first()
        .evaluate((el) => getComputedStyle(el).fill);
      assert.equal(
        titleColor,
        scheme === "dark" ? "rgb(230, 237, 243)" : "rgb(31, 35, 40)",
        "text follows the page",
      );
      assert.deepEqual(refused, []);
      assert.deepEqual(errors, []);
      await page.screenshot({ path: join(resultsDir, `${name}-${scheme}.png`) });
      await page.context().close();
    }
  }
});

test("notebook outputs: later figures draw with the plotly.js the first one carried", {}, async () => {
  const inlining = new PlotlyInlining();
  const outputs = Object.values(figures()).map((f) => f.displayData(inlining).data["text/html"] as string);
  const path = join(resultsDir, "notebook-outputs.html");
  await writeFile(
    path,
    htmlPage({ title: "outputs", body: outputs.map((o) => `<div>${o}</div>`).join("\n") }),
  );
  const { page, refused, errors } = await openOffline(browser, path, "light");
  assert.equal(await drawnCharts(page, outputs.length), outputs.length);
  assert.deepEqual(refused, []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("plotly.js takes its browser path on pages with require.js (classic Notebook)", {}, async () => {
  const amd =
    "<script>window.define = function () {}; window.define.amd = {}; window.module = { exports: {} };</script>";
  const output = figures().schedules.displayData(new PlotlyInlining()).data["text/html"] as string;
  const path = join(resultsDir, "amd-page.html");
  await writeFile(path, htmlPage({ title: "amd", body: `${amd}\n${output}` }));
  const { page, errors } = await openOffline(browser, path, "light");
  assert.equal(await drawnCharts(page, 1), 1);
  assert.deepEqual(errors, []);
  await page.context().close();
});
