/**
 * A sweep folder's manifest (`sweep.json`): what is swept (a notebook or a training config), the fixed parameters,
 * the grid, and every run with its name, index and parameters. It is written before any run starts, and a run (a
 * local child or a Slurm array task) reads its entry from it by index.
 *
 * Running a sweep again into the same folder keeps the manifest: the same grid resumes it, a changed grid is refused
 * unless `--extend` adds its new runs (the old ones keep their indexes), and a folder holding a sweep of another
 * notebook, config or fixed parameters is refused.
 */
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { ParameterValue } from "../../runner/parameters.js";
import { writeFileAtomic } from "../atomic-write.js";
import type { Experiment } from "../train/experiment.js";
import { canonicalJson, sameJson } from "./canonical-json.js";
import { type GridAxis, gridProduct, type Parameters } from "./grid.js";
import { runName } from "./run-name.js";

export const MANIFEST_FILE = "sweep.json";
export const MANIFEST_FORMAT = "explr.sweep";
export const RUNS_FOLDER = "runs";

/** What each run executes: a notebook through `explr run`, or an experiment through `explr train`. */
export type SweepTarget =
  | { readonly kind: "notebook"; readonly notebook: string }
  | { readonly kind: "train"; readonly config: string; readonly experiment: Experiment };

export interface SweepRun {
  /** Its place in the manifest: the Slurm array task id that runs it. */
  readonly index: number;
  readonly name: string;
  /** The grid's values for this run (the fixed parameters are the manifest's). */
  readonly parameters: Parameters;
}

export interface SweepManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: 1;
  /** The explr version that wrote it; every run must be executed by the same. */
  readonly explrVersion: string;
  readonly target: SweepTarget;
  readonly fixed: Parameters;
  readonly grid: readonly GridAxis[];
  /** Threads each run may use (native convolutions), and so how many runs share a machine's cores. */
  readonly threadsPerRun: number;
  readonly runs: readonly SweepRun[];
}

/** A run's folder inside the sweep folder. */
export function runFolder(sweepDir: string, run: SweepRun): string {
  return path.join(sweepDir, RUNS_FOLDER, run.name);
}

/** Every parameter a run is given: the fixed ones, then its grid values. */
export function allParameters(manifest: SweepManifest, run: SweepRun): Record<string, ParameterValue> {
  return { ...manifest.fixed, ...run.parameters };
}

/**
 * The runs of a grid, named and numbered from `firstIndex`, refusing a run given twice. Runs whose readable names
 * coincide (a value `[0]` and a value `0`) get hashed names, so that no two share a folder.
 */
export function runsOf(grid: readonly GridAxis[], firstIndex = 0): SweepRun[] {
  const runs = gridProduct(grid).map((parameters, i) => ({
    index: firstIndex + i,
    name: runName(parameters),
    parameters,
  }));
  const byName = new Map<string, SweepRun[]>();
  for (const run of runs) {
    const same = byName.get(run.name) ?? [];
    const twice = same.find((other) => sameJson(other.parameters, run.parameters));
    if (twice !== undefined) {
      throw new RangeError(
        `--grid gives the same run twice (${run.name}): ${canonicalJson(run.parameters)}; remove the repeated value`,
      );
    }
    byName.set(run.name, [...same, run]);
  }
  return runs.map((run) =>
    (byName.get(run.name)?.length ?? 0) > 1
      ? { ...run, name: runName(run.parameters, { hashed: true }) }
      : run,
  );
}

/** Reads a folder's manifest; undefined when it has none. */
export async function readManifest(sweepDir: string): Promise<SweepManifest | undefined> {
  const file = path.join(sweepDir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const manifest = JSON.parse(text) as SweepManifest;
  if (manifest?.format !== MANIFEST_FORMAT || !Array.isArray(manifest.runs)) {
    throw new TypeError(`${file} is not an explr sweep manifest (format "${MANIFEST_FORMAT}")`);
  }
  return manifest;
}

export async function writeManifest(sweepDir: string, manifest: SweepManifest): Promise<void> {
  await mkdir(sweepDir, { recursive: true });
  await writeFileAtomic(path.join(sweepDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
}

/** What a sweep is of, apart from its grid: two sweeps with different identities never share a folder. */
function identity(manifest: SweepManifest): string {
  return canonicalJson({ target: manifest.target, fixed: manifest.fixed });
}

function describeGrid(grid: readonly GridAxis[]): string {
  return grid.map((axis) => `${axis.key}=${JSON.stringify(axis.values)}`).join(" ") || "(no grid)";
}

/**
 * The manifest to run into `sweepDir`, given the one it holds (if any) and the one asked for: the existing one when
 * the grid is the same (a resume), the existing runs plus the new ones with `extend`, or a refusal naming what
 * differs and the fix.
 */
export function mergeManifest(
  sweepDir: string,
  existing: SweepManifest | undefined,
  requested: SweepManifest,
  extend: boolean,
): SweepManifest {
  if (existing === undefined) return requested;
  if (identity(existing) !== identity(requested)) {
    throw new RangeError(
      `${sweepDir} holds another sweep (${describeTarget(existing)} with ${canonicalJson(existing.fixed)}), not ` +
        `this one (${describeTarget(requested)} with ${canonicalJson(requested.fixed)}): give another --out`,
    );
  }
  const sameGrid = sameJson(existing.grid, requested.grid);
  if (sameGrid)
    return { ...existing, explrVersion: requested.explrVersion, threadsPerRun: requested.threadsPerRun };
  if (!extend) {
    throw new RangeError(
      `${sweepDir} holds this sweep with another grid (${describeGrid(existing.grid)}; asked: ` +
        `${describeGrid(requested.grid)}): pass --extend to add the new runs to it, or give another --out`,
    );
  }
  const oldKeys = existing.grid.map((axis) => axis.key).sort();
  const newKeys = requested.grid.map((axis) => axis.key).sort();
  if (!sameJson(oldKeys, newKeys)) {
    throw new RangeError(
      `--extend adds values to the keys of ${sweepDir}'s grid (${oldKeys.join(", ") || "none"}), not keys ` +
        `(asked: ${newKeys.join(", ") || "none"}): give another --out for a sweep over other keys`,
    );
  }
  const known = new Set(existing.runs.map((run) => canonicalJson(run.parameters)));
  const added = requested.runs.filter((run) => !known.has(canonicalJson(run.parameters)));
  const grid = existing.grid.map((axis) => {
    const asked = requested.grid.find((other) => other.key === axis.key)?.values ?? [];
    const values = [...axis.values];
    for (const value of asked) if (!values.some((v) => sameJson(v, value))) values.push(value);
    return { key: axis.key, values };
  });
  const names = new Set(existing.runs.map((run) => run.name));
  // A new run whose readable name an old one has (a value [0] beside an old 0) is told apart by its hash.
  const runs = [
    ...existing.runs,
    ...added.map((run, i) => ({
      ...run,
      index: existing.runs.length + i,
      name: names.has(run.name) ? runName(run.parameters, { hashed: true }) : run.name,
    })),
  ];
  return {
    ...existing,
    explrVersion: requested.explrVersion,
    threadsPerRun: requested.threadsPerRun,
    grid,
    runs,
  };
}

export function describeTarget(manifest: SweepManifest): string {
  return manifest.target.kind === "notebook" ? manifest.target.notebook : manifest.target.config;
}
