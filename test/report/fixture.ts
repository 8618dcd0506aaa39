/**
 * An executed notebook as the kernel and IPython leave it: markdown with an attachment, streams with ANSI colors and
 * a progress bar, an error with a colored traceback, an image, HTML, and two explr figures whose first text/html
 * carries plotly.js (the worst case for a report's size).
 */
import { PNG } from "pngjs";
import { Figure } from "../../src/plot/figure.js";
import { PlotlyInlining } from "../../src/plot/plotly-js.js";
import type { Notebook } from "../../src/report/nbformat.js";

function gradientPng(): string {
  const png = new PNG({ width: 64, height: 16 });
  for (let i = 0; i < png.data.length; i += 4) {
    const x = (i / 4) % 64;
    png.data.set([x * 4, 100, 255 - x * 4, 255], i);
  }
  return PNG.sync.write(png).toString("base64");
}

export function executedNotebook(): Notebook {
  const inlining = new PlotlyInlining();
  const schedules = new Figure({
    data: [
      { type: "scatter", mode: "lines", name: "step decay", x: [0, 1, 2, 3], y: [0.1, 0.1, 0.01, 0.01] },
      { type: "scatter", mode: "lines", name: "TEXP", x: [0, 1, 2, 3], y: [0.1, 0.148, 0.022, 0.032] },
    ],
    layout: { title: { text: "LR schedules" }, yaxis: { type: "log" } },
  }).displayData(inlining);
  const loss = new Figure({
    data: [{ type: "scatter", mode: "lines", name: "train loss", x: [1, 2, 3], y: [2.3, 1.2, 0.8] }],
    layout: { title: { text: "Loss" } },
  }).displayData(inlining);
  const png = gradientPng();
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "explr", display_name: "TypeScript (explr)", language: "typescript" } },
    cells: [
      {
        cell_type: "markdown",
        source: [
          "# Exponential LR\n",
          "\n",
          "The *equivalence* of step decay and TEXP.\n",
          "![logo](attachment:g.png)",
        ],
        attachments: { "g.png": { "image/png": png } },
      },
      {
        cell_type: "code",
        execution_count: 1,
        source: 'console.log("\\x1b[32mready\\x1b[0m");',
        outputs: [
          { output_type: "stream", name: "stdout", text: ["\u001b[32mready\u001b[0m\n"] },
          { output_type: "stream", name: "stderr", text: "epoch 1 10%\repoch 1 50%\repoch 1 100%\n" },
        ],
      },
      {
        cell_type: "code",
        execution_count: 2,
        source: "schedulesFigure",
        outputs: [{ output_type: "display_data", ...schedules, metadata: {} }],
      },
      {
        cell_type: "code",
        execution_count: 3,
        source: "lossFigure",
        outputs: [{ output_type: "execute_result", execution_count: 3, ...loss, metadata: {} }],
      },
      {
        cell_type: "code",
        execution_count: 4,
        source: "image; table",
        outputs: [
          { output_type: "display_data", data: { "image/png": png, "text/plain": "<image>" }, metadata: {} },
          {
            output_type: "display_data",
            data: { "text/html": ["<table><tr><th>η</th><td>0.1</td></tr></table>"], "text/plain": "table" },
            metadata: {},
          },
          {
            output_type: "execute_result",
            execution_count: 4,
            data: { "text/plain": "0.99949772836789" },
            metadata: {},
          },
        ],
      },
      {
        cell_type: "code",
        execution_count: 5,
        source: "alpha(0.9, 1)",
        outputs: [
          {
            output_type: "error",
            ename: "RangeError",
            evalue: "λη = 1 > (1−√γ)² = 0.0026334",
            traceback: [
              "\u001b[31mRangeError\u001b[0m: λη = 1 > (1−√γ)² = 0.0026334",
              "    at alpha (theory/alpha.ts:12:11)",
            ],
          },
        ],
      },
      { cell_type: "raw", source: "raw text for another converter" },
      { cell_type: "code", execution_count: null, source: "// not run", outputs: [] },
    ],
  };
}
