/**
 * A live view of a training loop: progress, current LR, loss and accuracy curves. In a notebook it is one output
 * redrawn in place (a `LiveFigure`) at most every `intervalMs` plus once at `finish()`, so a fast loop does not wait
 * for drawing (no timer: a state recorded between two draws shows at the next update or at finish); in a terminal
 * it is a cli-progress bar.
 *
 * @example
 * const dash = new TrainingDashboard({ title: "TEXP" });
 * dash.start(steps);
 * for (let step = 0; step < steps; step++) dash.update(step + 1, { lr, loss, accuracy });
 * dash.finish();
 */
import cliProgress from "cli-progress";
import { type Displayable, displaySymbol, inNotebook, type MimeBundle } from "../display.js";
import { Figure } from "./figure.js";
import { axisLayout, type Curve, lineTrace, panelDomain } from "./lines.js";
import { LiveFigure } from "./live-figure.js";
import { type PlotlyInlining, sessionInlining } from "./plotly-js.js";
import type { PlotlyLayout, PlotlyTrace } from "./spec.js";
import { seriesColor } from "./theme.js";

/** What a step reports; every field is optional. */
export interface DashboardMetrics {
  readonly lr?: number;
  readonly loss?: number;
  readonly accuracy?: number;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
}

export interface DashboardOptions {
  readonly title?: string;
  /** The least time between two redraws in a notebook (ms, default 500). */
  readonly intervalMs?: number;
  /** Milliseconds clock; a fake one in tests. */
  readonly now?: () => number;
  /** At most this many points per drawn curve (default 2000; all points are kept). */
  readonly maxPoints?: number;
  /** Where the terminal bar writes (default stderr). */
  readonly stream?: NodeJS.WritableStream;
  /** Who may inline plotly.js (default: once per process, shared with figures). */
  readonly inlining?: PlotlyInlining;
}

type MetricName = keyof DashboardMetrics;

/** Curves of at most this many points are drawn with markers (one epoch's test metrics are a single point). */
const fewPoints = 30;

const panels: readonly { title: string; scale: "linear" | "log"; metrics: readonly MetricName[] }[] = [
  { title: "loss", scale: "log", metrics: ["loss", "testLoss"] },
  { title: "accuracy", scale: "linear", metrics: ["accuracy", "testAccuracy"] },
  { title: "learning rate", scale: "log", metrics: ["lr"] },
];

const labels: Record<MetricName, string> = {
  lr: "lr",
  loss: "train loss",
  accuracy: "train accuracy",
  testLoss: "test loss",
  testAccuracy: "test accuracy",
};

/** Train blue and solid, test red and dashed, the LR in a third color, in every panel. */
const metricColor: Record<MetricName, number> = { loss: 0, accuracy: 0, testLoss: 1, testAccuracy: 1, lr: 2 };

export class TrainingDashboard implements Displayable {
  readonly #title: string;
  readonly #intervalMs: number;
  readonly #now: () => number;
  readonly #maxPoints: number;
  readonly #stream: NodeJS.WritableStream | undefined;
  readonly #inlining: PlotlyInlining;
  readonly #curves = new Map<MetricName, { x: number[]; y: number[] }>();
  #latest: DashboardMetrics = {};
  #total = 0;
  #step = 0;
  #startedAt = 0;
  #lastDrawAt = Number.NEGATIVE_INFINITY;
  #state: "new" | "running" | "finished" = "new";
  #live: LiveFigure | undefined;
  #bar: cliProgress.SingleBar | undefined;

  constructor(options: DashboardOptions = {}) {
    const intervalMs = options.intervalMs ?? 500;
    if (!(intervalMs >= 0)) throw new RangeError(`intervalMs must be ≥ 0, got ${intervalMs}`);
    const maxPoints = options.maxPoints ?? 2000;
    if (!(Number.isInteger(maxPoints) && maxPoints >= 2)) {
      throw new RangeError(`maxPoints must be an integer ≥ 2, got ${maxPoints}`);
    }
    this.#title = options.title ?? "Training";
    this.#intervalMs = intervalMs;
    this.#now = options.now ?? (() => performance.now());
    this.#maxPoints = maxPoints;
    this.#stream = options.stream;
    this.#inlining = options.inlining ?? sessionInlining;
  }

  /** Begins a run of `total` steps: shows the (empty) dashboard or the terminal bar. */
  start(total: number): void {
    if (!(Number.isInteger(total) && total > 0)) {
      throw new RangeError(`start(total) needs the number of steps, a positive integer, got ${total}`);
    }
    if (this.#state === "running") throw new Error("The dashboard is already running: call finish() first");
    this.#total = total;
    this.#step = 0;
    this.#latest = {};
    this.#curves.clear();
    this.#startedAt = this.#now();
    this.#state = "running";
    if (inNotebook()) {
      this.#live = new LiveFigure(this.#inlining);
      this.#live.show(this.figure(), this.#plainText());
      this.#lastDrawAt = this.#now();
    } else {
      this.#bar = new cliProgress.SingleBar(
        {
          format: `${this.#title} {bar} {percentage}% | {value}/{total} | {metrics} | ETA {eta_formatted}`,
          stream: this.#stream ?? process.stderr,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      this.#bar.start(total, 0, { metrics: "" });
    }
  }

  /** Records step `step` (1-based count of steps done) and redraws if `intervalMs` has passed since the last draw. */
  update(step: number, metrics: DashboardMetrics = {}): void {
    if (this.#state !== "running") throw new Error("update() before start(total): call start(total) first");
    if (!Number.isFinite(step)) throw new RangeError(`step must be a finite number, got ${step}`);
    const entries = Object.entries(metrics) as [MetricName, number | undefined][];
    for (const [name] of entries) {
      if (!(name in labels))
        throw new TypeError(`Unknown metric "${name}": use ${Object.keys(labels).join(", ")}`);
    }
    this.#step = step;
    this.#latest = { ...this.#latest, ...metrics };
    for (const [name, value] of entries) {
      if (value === undefined) continue;
      const curve = this.#curves.get(name) ?? { x: [], y: [] };
      this.#curves.set(name, curve);
      curve.x.push(step);
      curve.y.push(value);
    }
    if (this.#bar) {
      this.#bar.update(Math.min(step, this.#total), { metrics: this.#metricsText() });
    } else if (this.#live && this.#now() - this.#lastDrawAt >= this.#intervalMs) {
      this.#live.redraw(this.figure(), this.#plainText());
      this.#lastDrawAt = this.#now();
    }
  }

  /** Draws the final state (always) and stops the terminal bar. */
  finish(): void {
    if (this.#state !== "running") throw new Error("finish() before start(total): call start(total) first");
    this.#state = "finished";
    if (this.#bar) {
      this.#bar.update(Math.min(this.#step, this.#total), { metrics: this.#metricsText() });
      this.#bar.stop();
      this.#bar = undefined;
    } else {
      this.#live?.finish(this.figure(), this.#plainText());
    }
  }

  /** How many times the current run's notebook output was sent (for tests and benchmarks). */
  get draws(): number {
    return this.#live?.frames.length ?? 0;
  }

  /**
   * The current state as a figure: a panel each for loss, accuracy and the LR, titled above it; the run's title,
   * then its progress and latest metrics on their own lines; train solid and test dashed in their own colors, the
   * same in every panel, with a two-entry key. The LR axis is logarithmic unless the LR touches 0 (a warmup); a
   * curve of few points shows its points.
   */
  figure(): Figure {
    const data: PlotlyTrace[] = [];
    const axes: PlotlyLayout = {};
    const annotations: PlotlyLayout[] = [
      { text: this.#statusText(), xref: "paper", yref: "paper", x: 0.5, y: 1, yanchor: "bottom", yshift: 30 },
    ];
    panels.forEach((panel, index) => {
      const suffix = index === 0 ? "" : String(index + 1);
      const domain = panelDomain(index, panels.length);
      const scale = panel.title === "learning rate" && !this.#lrIsPositive() ? "linear" : panel.scale;
      axes[`xaxis${suffix}`] = { ...axisLayout("step"), domain };
      axes[`yaxis${suffix}`] = { ...axisLayout(undefined, scale), anchor: `x${suffix}` };
      annotations.push({
        text: `<b>${panel.title}</b>`,
        xref: "paper",
        yref: "paper",
        x: (domain[0] + domain[1]) / 2,
        y: 1,
        yanchor: "bottom",
        yshift: 4,
      });
      for (const name of panel.metrics) {
        const curve = this.#curves.get(name);
        if (!curve) continue;
        const shown = thin(curve, this.#maxPoints);
        data.push(
          lineTrace(labels[name], shown, {
            mode: shown.x.length <= fewPoints ? "lines+markers" : "lines",
            xaxis: `x${suffix}`,
            yaxis: `y${suffix}`,
            showlegend: false,
            line: { color: seriesColor(metricColor[name]), dash: name.startsWith("test") ? "dash" : "solid" },
          }),
        );
      }
    });
    const key = this.#keyText();
    if (key)
      annotations.push({ text: key, xref: "paper", yref: "paper", x: 1, xanchor: "right", y: 1, yshift: 70 });
    const layout: PlotlyLayout = {
      ...axes,
      title: { text: this.#title, y: 0.98, yanchor: "top" },
      hovermode: "closest",
      height: 420,
      margin: { t: 120 },
      showlegend: false,
      annotations: annotations.map((annotation) => ({ showarrow: false, ...annotation })),
    };
    return new Figure({ data, layout });
  }

  /** Showing the dashboard object itself (not the live output) follows the figures' once-per-session rule. */
  [displaySymbol](): MimeBundle {
    return {
      ...this.figure().displayData(this.#inlining).data,
      "text/plain": this.#plainText(),
    };
  }

  /** E.g. `Training 120/1000 (12.0%) · 35.2 steps/s · lr 0.1 · train loss 0.532`. */
  toString(): string {
    return this.#plainText();
  }

  #plainText(): string {
    const metrics = this.#metricsText();
    return `${this.#title} ${this.#progressText()}${metrics ? ` · ${metrics}` : ""}`;
  }

  /** Progress on one line, the latest metrics on the next (two lines fit a notebook-wide figure). */
  #statusText(): string {
    const metrics = this.#metricsText();
    return `${this.#progressText()}${metrics ? `<br>${metrics}` : ""}`;
  }

  /** The key of the line styles, for the series drawn so far: train solid, test dashed. */
  #keyText(): string {
    const entries: string[] = [];
    if (this.#curves.has("loss") || this.#curves.has("accuracy")) {
      entries.push(`<span style="color:${seriesColor(metricColor.loss)}">━━ train</span>`);
    }
    if (this.#curves.has("testLoss") || this.#curves.has("testAccuracy")) {
      entries.push(`<span style="color:${seriesColor(metricColor.testLoss)}">╍╍ test</span>`);
    }
    return entries.join("   ");
  }

  /** Whether every LR so far can go on a log axis. */
  #lrIsPositive(): boolean {
    return this.#curves.get("lr")?.y.every((lr) => lr > 0) ?? true;
  }

  #metricsText(): string {
    return (Object.keys(labels) as MetricName[])
      .filter((name) => this.#latest[name] !== undefined)
      .map((name) => `${labels[name]} ${formatNumber(this.#latest[name] as number)}`)
      .join(" · ");
  }

  #progressText(): string {
    const percent = ((100 * this.#step) / Math.max(1, this.#total)).toFixed(1);
    const seconds = (this.#now() - this.#startedAt) / 1000;
    const rate = this.#step > 0 && seconds > 0 ? ` · ${formatNumber(this.#step / seconds)} steps/s` : "";
    const state = this.#state === "finished" ? " · done" : "";
    return `${this.#step}/${this.#total} (${percent}%)${rate}${state}`;
  }
}

function formatNumber(value: number): string {
  return value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e6)
    ? String(Number(value.toPrecision(4)))
    : value.toExponential(3);
}

/** Every k-th point so at most `max` remain, always keeping the last one. */
function thin(curve: Curve, max: number): Curve {
  const n = curve.x.length;
  if (n <= max) return curve;
  const stride = Math.ceil(n / (max - 1));
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n - 1; i += stride) {
    x.push(curve.x[i]);
    y.push(curve.y[i]);
  }
  x.push(curve.x[n - 1]);
  y.push(curve.y[n - 1]);
  return { x, y };
}
