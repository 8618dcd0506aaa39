/**
 * A sweep's HTML report, self-contained and offline: for each curve (a training metric per epoch, a recorded array)
 * one figure with each configuration's mean over seeds and a band of ± one standard deviation, then a table of the
 * final values per configuration (mean ± std, and the number of finished runs), then every run's row.
 */

import { Figure } from "../plot/figure.js";
import { escapeHtml, htmlPage, plotElement } from "../plot/html.js";
import type { PlotlyTrace } from "../plot/spec.js";
import { seriesColor } from "../plot/theme.js";
import type { SweepResults } from "./collect.js";
import { describeTarget } from "./manifest.js";
import { type Configuration, configurations, type Spread } from "./summary.js";

/** A color with transparency, for a band under its line. */
function translucent(hex: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgba(${r},${g},${b},${alpha})`;
}

export interface BandPlotOptions {
  readonly title?: string;
  /** Default: "epoch" for a training sweep, "position" (in the recorded array) for a notebook sweep. */
  readonly xTitle?: string;
}

/**
 * A figure of curves over the sweep: for each configuration and each named curve, a line (the mean over the
 * configuration's seeds) and its band of ± one standard deviation.
 * @example sweep.bandPlot(await sweep.load("sweeps/s2"), "testAccuracy")
 * @example sweep.bandPlot(results, ["stepDecay.testAccuracy", "texp.testAccuracy"], { xTitle: "epoch" })
 */
export function bandPlot(
  results: SweepResults,
  curves: string | readonly string[],
  options: BandPlotOptions = {},
): Figure {
  const names = typeof curves === "string" ? [curves] : curves;
  const groups = configurations(results);
  const traces: PlotlyTrace[] = [];
  for (const configuration of groups) {
    for (const curve of names) {
      const stats = configuration.curves[curve];
      if (stats === undefined) continue;
      const color = seriesColor(traces.length / 2);
      const label =
        [groups.length > 1 ? configuration.label : "", names.length > 1 ? curve : ""]
          .filter(Boolean)
          .join(": ") || curve;
      const seeds = configuration.rows.length;
      traces.push({
        type: "scatter",
        mode: "lines",
        name: `${label} ± std`,
        legendgroup: label,
        showlegend: false,
        hoverinfo: "skip",
        x: [...stats.x, ...[...stats.x].reverse()],
        y: [
          ...stats.mean.map((m, k) => m + stats.std[k]),
          ...stats.mean.map((m, k) => m - stats.std[k]).reverse(),
        ],
        fill: "toself",
        fillcolor: translucent(color, 0.2),
        line: { width: 0 },
      });
      traces.push({
        type: "scatter",
        mode: "lines",
        name: `${label} (${seeds} run${seeds === 1 ? "" : "s"})`,
        legendgroup: label,
        x: [...stats.x],
        y: [...stats.mean],
        line: { color },
      });
    }
  }
  if (traces.length === 0) {
    const known = [...new Set(groups.flatMap((g) => Object.keys(g.curves)))];
    throw new RangeError(
      `sweep.bandPlot: no finished run has ${names.join(", ")}; the curves are: ${known.join(", ") || "none"}`,
    );
  }
  const xTitle = options.xTitle ?? (results.manifest.target.kind === "train" ? "epoch" : "position");
  return new Figure({
    data: traces,
    layout: {
      title: { text: `${options.title ?? names.join(", ")}: mean ± std over seeds` },
      xaxis: { title: { text: xTitle } },
    },
  });
}

function formatSpread(value: Spread | undefined): string {
  if (value === undefined) return "";
  const digits = (x: number) => String(Number(x.toPrecision(4)));
  return `${digits(value.mean)} ± ${digits(value.std)} (n=${value.count})`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = (items: readonly string[], tag: string) =>
    items.map((item) => `<${tag}>${escapeHtml(item)}</${tag}>`).join("");
  return `<table><thead><tr>${cells(header, "th")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${cells(row, "td")}</tr>`)
    .join("")}</tbody></table>`;
}

function finalValuesTable(results: SweepResults, groups: readonly Configuration[]): string {
  const names = results.valueNames.filter((name) => groups.some((g) => g.values[name] !== undefined));
  return table(
    ["configuration", ...names],
    groups.map((g) => [g.label, ...names.map((name) => formatSpread(g.values[name]))]),
  );
}

function runsTable(results: SweepResults): string {
  const show = (value: unknown) =>
    value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return table(
    ["run", "state", "seconds", ...results.keys, ...results.valueNames],
    results.rows.map((row) => [
      row.name,
      row.state,
      row.seconds === null ? "" : row.seconds.toFixed(1),
      ...results.keys.map((key) => show(row.parameters[key])),
      ...results.valueNames.map((name) => show(row.values[name])),
    ]),
  );
}

const style = `table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #8884; padding: 0.2rem 0.5rem; text-align: left; }`;

/** The report's page. */
export function sweepReportHtml(results: SweepResults): string {
  const groups = configurations(results);
  const curveNames = [...new Set(groups.flatMap((g) => Object.keys(g.curves)))];
  const finished = results.rows.filter((row) => row.state === "finished").length;
  const body = [
    `<h1>Sweep of ${escapeHtml(describeTarget(results.manifest))}</h1>`,
    `<p>${finished} of ${results.rows.length} runs finished; ${groups.length} configuration(s); grid: ${escapeHtml(
      results.manifest.grid.map((axis) => `${axis.key} ∈ ${JSON.stringify(axis.values)}`).join(", ") ||
        "none",
    )}.</p>`,
    ...curveNames.map((name) => plotElement(bandPlot(results, name).toJSON())),
    "<h2>Final values (mean ± std over seeds)</h2>",
    finalValuesTable(results, groups),
    "<h2>Runs</h2>",
    runsTable(results),
  ].join("\n");
  return htmlPage({
    title: `explr sweep: ${describeTarget(results.manifest)}`,
    body,
    style,
    includePlotly: true,
  });
}
