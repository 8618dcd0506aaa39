/**
 * Plans a sweep before anything runs: parses the grid, checks it against the notebook or config, checks the sweep
 * folder, and merges with the manifest the folder already holds (resume, `--extend`). Every refusal happens here,
 * before the manifest is written and before any run or Slurm job starts.
 */
import { readdir } from "node:fs/promises";
import { prepareOutFolder } from "../../runner/out-folder.js";
import type { ParameterValue } from "../../runner/parameters.js";
import { checkAxes, type GridAxis } from "./grid.js";
import {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  mergeManifest,
  readManifest,
  runsOf,
  type SweepManifest,
} from "./manifest.js";
import { notebookTarget, trainTarget } from "./target.js";
import { explrVersion } from "./version.js";

export interface SweepRequest {
  /** Exactly one of a notebook and a training config. */
  readonly notebook?: string;
  readonly config?: string;
  readonly fixed: Readonly<Record<string, ParameterValue>>;
  readonly grid: readonly GridAxis[];
  readonly seeds?: readonly number[];
  readonly out: string;
  readonly extend: boolean;
  readonly threadsPerRun: number;
}

/** The manifest to run, written to the sweep folder only by the caller, once every check has passed. */
export async function planSweep(request: SweepRequest): Promise<SweepManifest> {
  if ((request.notebook === undefined) === (request.config === undefined)) {
    throw new TypeError("explr sweep: give exactly one of a notebook and --config FILE");
  }
  const grid =
    request.seeds === undefined ? request.grid : [...request.grid, { key: "seed", values: request.seeds }];
  if (request.seeds !== undefined && request.grid.some((axis) => axis.key === "seed")) {
    throw new RangeError("explr sweep: --seeds and --grid seed=... both set the seed; give one of them");
  }
  checkAxes(grid);
  const overlap = grid.find((axis) => Object.hasOwn(request.fixed, axis.key));
  if (overlap !== undefined) {
    throw new RangeError(`explr sweep: ${overlap.key} is given both as --param and --grid; give one of them`);
  }
  const target =
    request.notebook !== undefined
      ? await notebookTarget(request.notebook, request.fixed, grid)
      : await trainTarget(request.config as string, request.fixed, grid);
  const requested: SweepManifest = {
    format: MANIFEST_FORMAT,
    version: 1,
    explrVersion,
    target,
    fixed: request.fixed,
    grid,
    threadsPerRun: request.threadsPerRun,
    runs: runsOf(grid),
  };
  await prepareOutFolder(request.out, "explr sweep");
  const existing = await readManifest(request.out);
  if (existing === undefined) {
    const entries = (await readdir(request.out)).filter((name) => !name.startsWith("."));
    if (entries.length > 0) {
      throw new RangeError(
        `explr sweep: ${request.out} is not empty (${entries.slice(0, 5).join(", ")}) and holds no ${MANIFEST_FILE}: ` +
          "give a new or empty folder with --out",
      );
    }
  }
  return mergeManifest(request.out, existing, requested, request.extend);
}
