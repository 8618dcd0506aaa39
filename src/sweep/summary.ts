/**
 * A sweep's runs grouped by configuration (every grid value but the seed), with the mean and spread over seeds:
 * per configuration, each final value's mean and standard deviation, and each curve's mean ± one standard
 * deviation at every x the configuration's runs share.
 */
import { canonicalJson } from "./canonical-json.js";
import type { RunCurve, SweepResults, SweepRow } from "./collect.js";
import type { Parameters } from "./grid.js";

/**
 * The keys whose values are repetitions of one configuration rather than configurations: `seed` (what `--seeds`
 * sets) and `seeds` (a notebook that takes a list of seeds, as notebook 02 does).
 */
export const SEED_KEYS: readonly string[] = ["seed", "seeds"];

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export interface Spread {
  readonly mean: number;
  readonly std: number;
  readonly count: number;
}

export function spread(values: readonly number[]): Spread {
  const count = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / count;
  const squares = values.reduce((sum, v) => sum + (v - mean) ** 2, 0);
  return { mean, std: count > 1 ? Math.sqrt(squares / (count - 1)) : 0, count };
}

export interface MeanCurve {
  readonly x: readonly number[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface Configuration {
  /** E.g. "optimizer.lr.init=0.1", or "all runs" when only the seed varies. */
  readonly label: string;
  readonly parameters: Parameters;
  /** Its finished runs. */
  readonly rows: readonly SweepRow[];
  /** Final numeric values over its finished runs. */
  readonly values: Readonly<Record<string, Spread>>;
  readonly curves: Readonly<Record<string, MeanCurve>>;
}

function meanCurve(curves: readonly RunCurve[]): MeanCurve {
  const shared = curves[0].x.filter((x) => curves.every((curve) => curve.x.includes(x)));
  const stats = shared.map((x) => spread(curves.map((curve) => curve.y[curve.x.indexOf(x)])));
  return { x: shared, mean: stats.map((s) => s.mean), std: stats.map((s) => s.std) };
}

/** The finished runs grouped by configuration, in the grid's order. */
export function configurations(results: SweepResults): Configuration[] {
  const groups = new Map<string, { parameters: Parameters; rows: SweepRow[] }>();
  for (const row of results.rows) {
    const parameters = Object.fromEntries(
      Object.entries(row.parameters).filter(([key]) => !SEED_KEYS.includes(key)),
    );
    const id = canonicalJson(parameters);
    const group = groups.get(id) ?? { parameters, rows: [] };
    if (row.state === "finished") group.rows.push(row);
    groups.set(id, group);
  }
  return [...groups.values()].map(({ parameters, rows }) => {
    const label =
      Object.entries(parameters)
        .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
        .join(", ") || "all runs";
    const values: Record<string, Spread> = {};
    const curves: Record<string, MeanCurve> = {};
    for (const name of results.valueNames) {
      const numbers = rows.map((row) => row.values[name]).filter((v): v is number => typeof v === "number");
      if (numbers.length > 0) values[name] = spread(numbers);
    }
    const curveNames = [...new Set(rows.flatMap((row) => Object.keys(row.curves)))];
    for (const name of curveNames) {
      const runs = rows.map((row) => row.curves[name]).filter((c): c is RunCurve => c !== undefined);
      if (runs.length > 0) curves[name] = meanCurve(runs);
    }
    return { label, parameters, rows, values, curves };
  });
}
