/**
 * A sweep's results as one table: a row per run with its grid parameters, its state, and what it produced (the
 * values a notebook recorded with `record`, or a training run's final metrics from `history.json`), plus the
 * curves behind them (a recorded array of numbers, a training run's per-epoch metrics) for the report.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseNotebook } from "../report/nbformat.js";
import type { History } from "../train/history.js";
import type { Parameters } from "./grid.js";
import { MANIFEST_FILE, readManifest, runFolder, type SweepManifest } from "./manifest.js";
import { notebookRecords, type RecordValue } from "./record.js";
import { readRunStatus } from "./run-status.js";

/** A curve of one run: `y[i]` at `x[i]` (epochs for training, positions 1, 2, … for a recorded array). */
export interface RunCurve {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

export interface SweepRow {
  readonly name: string;
  readonly index: number;
  readonly state: "finished" | "failed" | "running" | "not started";
  readonly seconds: number | null;
  /** The run's grid values. */
  readonly parameters: Parameters;
  /** Recorded or final values, by name. */
  readonly values: Readonly<Record<string, RecordValue>>;
  readonly curves: Readonly<Record<string, RunCurve>>;
}

export interface SweepResults {
  readonly dir: string;
  readonly manifest: SweepManifest;
  /** The grid's keys, the table's parameter columns. */
  readonly keys: readonly string[];
  /** Every value name some run has, in order of first appearance: the table's value columns. */
  readonly valueNames: readonly string[];
  readonly rows: readonly SweepRow[];
}

/** The epoch metrics a training run contributes: the last epoch's value, and the curve over epochs. */
const EPOCH_METRICS = ["trainLoss", "trainAccuracy", "testLoss", "testAccuracy", "angle"] as const;

async function trainingOutputs(runDir: string): Promise<Pick<SweepRow, "values" | "curves">> {
  let history: History;
  try {
    history = JSON.parse(await readFile(path.join(runDir, "history.json"), "utf8")) as History;
  } catch {
    return { values: {}, curves: {} };
  }
  const values: Record<string, RecordValue> = { epochs: history.epochs.length, steps: history.steps.length };
  const curves: Record<string, RunCurve> = {};
  for (const metric of EPOCH_METRICS) {
    const points = history.epochs.filter((epoch) => typeof epoch[metric] === "number");
    if (points.length === 0) continue;
    values[metric] = points[points.length - 1][metric] as number;
    curves[metric] = {
      x: points.map((epoch) => epoch.epoch + 1),
      y: points.map((epoch) => epoch[metric] as number),
    };
  }
  return { values, curves };
}

async function notebookOutputs(
  runDir: string,
  notebook: string,
): Promise<Pick<SweepRow, "values" | "curves">> {
  let values: Record<string, RecordValue>;
  try {
    const executed = path.join(runDir, `${path.basename(notebook, ".ipynb")}.ipynb`);
    values = notebookRecords(parseNotebook(await readFile(executed, "utf8")));
  } catch {
    return { values: {}, curves: {} };
  }
  const curves: Record<string, RunCurve> = {};
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number")) {
      curves[name] = { x: value.map((_, i) => i + 1), y: value as number[] };
    }
  }
  return { values, curves };
}

/**
 * Reads every run of the sweep in `dir`: the table `explr sweep collect` writes and the sweep report draws.
 * @example const results = await sweep.load("sweeps/s1"); results.rows[0].values.testAccuracy
 */
export async function loadSweep(dir: string): Promise<SweepResults> {
  const manifest = await readManifest(dir);
  if (manifest === undefined) {
    throw new RangeError(
      `${dir} holds no ${MANIFEST_FILE}: give the folder an explr sweep wrote (its --out)`,
    );
  }
  const rows: SweepRow[] = [];
  for (const run of manifest.runs) {
    const runDir = runFolder(dir, run);
    const status = await readRunStatus(runDir);
    const outputs =
      manifest.target.kind === "train"
        ? await trainingOutputs(runDir)
        : await notebookOutputs(runDir, manifest.target.notebook);
    rows.push({
      name: run.name,
      index: run.index,
      state: status?.state ?? "not started",
      seconds: status?.seconds ?? null,
      parameters: run.parameters,
      ...outputs,
    });
  }
  const valueNames = [...new Set(rows.flatMap((row) => Object.keys(row.values)))];
  return { dir, manifest, keys: manifest.grid.map((axis) => axis.key), valueNames, rows };
}

function csvField(value: unknown): string {
  const text =
    value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV: name, state, seconds, one column per grid key, one per value name. */
export function resultsCsv(results: SweepResults): string {
  const header = ["name", "state", "seconds", ...results.keys, ...results.valueNames];
  const lines = results.rows.map((row) =>
    [
      row.name,
      row.state,
      row.seconds,
      ...results.keys.map((key) => row.parameters[key]),
      ...results.valueNames.map((name) => row.values[name]),
    ]
      .map(csvField)
      .join(","),
  );
  return `${[header.map(csvField).join(","), ...lines].join("\n")}\n`;
}

/** The table as JSON: one object per run (its curves stay in the report). */
export function resultsJson(results: SweepResults): string {
  const rows = results.rows.map(({ curves: _curves, ...row }) => row);
  return `${JSON.stringify({ keys: results.keys, valueNames: results.valueNames, rows }, null, 1)}\n`;
}
