/**
 * The `explr` command line that executes one run of a sweep into its folder: `explr run NOTEBOOK --param ... --out
 * RUN` for a notebook, `explr train --config RUN/experiment.json --out RUN` for a training config (with `--resume`
 * when an interrupted attempt left a checkpoint).
 */
import { access, mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { checkpointFiles } from "../train/checkpoint.js";
import type { Parameters } from "./grid.js";
import type { SweepManifest, SweepRun } from "./manifest.js";
import { runExperiment } from "./target.js";

export const EXPERIMENT_FILE = "experiment.json";
const HISTORY_FILE = "history.json";

/**
 * Prepares the run's folder and returns the arguments after `explr`. An earlier attempt that stopped before its
 * first checkpoint left a history that `explr train` would refuse to replace; it is kept, renamed, beside the new one.
 */
export async function runArguments(
  manifest: SweepManifest,
  run: SweepRun,
  runDir: string,
  parameters: Parameters,
): Promise<string[]> {
  await mkdir(runDir, { recursive: true });
  const { target } = manifest;
  if (target.kind === "notebook") {
    const params = Object.entries(parameters).flatMap(([key, value]) => [
      "--param",
      `${key}=${JSON.stringify(value)}`,
    ]);
    return ["run", target.notebook, ...params, "--out", runDir];
  }
  const experiment = { ...runExperiment(target.experiment, parameters), name: run.name };
  const config = path.join(runDir, EXPERIMENT_FILE);
  await writeFileAtomic(config, `${JSON.stringify(experiment, null, 1)}\n`);
  const resume = (await checkpointFiles(runDir)).length > 0;
  if (!resume) {
    const history = path.join(runDir, HISTORY_FILE);
    const stale = await access(history).then(
      () => true,
      () => false,
    );
    if (stale) await rename(history, path.join(runDir, `history.attempt-${Date.now()}.json`));
  }
  return ["train", "--config", config, "--out", runDir, ...(resume ? ["--resume"] : [])];
}
