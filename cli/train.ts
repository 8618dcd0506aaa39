import { access, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../src/atomic-write.js";
import { TrainingDashboard } from "../src/plot/dashboard.js";
import { CHECKPOINT_FILE, checkpointFiles } from "../src/train/checkpoint.js";
import { dashboardCallbacks } from "../src/train/dashboard.js";
import { checkExperiment, type Experiment } from "../src/train/experiment.js";
import type { History } from "../src/train/history.js";
import {
  TrainingDivergedError,
  TrainingInterruptedError,
  type TrainOptions,
  train,
} from "../src/train/loop.js";
import { preset, presetNames } from "../src/train/presets.js";

export const trainUsage = `usage: explr train (--config FILE | --preset NAME) [--out DIR] [--resume] [--workers N]
  --config FILE  an experiment as JSON (see train.Experiment)
  --preset NAME  one of ${presetNames.join(", ")}
  --out DIR      where history.json, checkpoint.json and TensorBoard's event files go (default runs/<name>); a folder that already
                 holds a run is refused without --resume, so no run's results are ever replaced
  --resume       continue from the checkpoint in DIR (checkpoint.json, else checkpoint.prev.json when the
                 newest is damaged); refused when DIR has none
  --workers N    gradients on N worker threads (sets the experiment's parallel.workers; BatchNorm then
                 normalizes each of the N shards of a batch on its own)`;

/** Where the command writes; tests pass their own streams and data. */
export interface TrainCommandIO {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Extra options for `train` (e.g. synthetic data and the cpu backend in tests). */
  trainOptions?: Omit<TrainOptions, "callbacks" | "resume">;
}

const format = (x: number | undefined, digits = 4) => (x === undefined ? "-" : x.toFixed(digits));

const HISTORY_FILE = "history.json";

/**
 * Why `out` cannot take this run, or undefined when it can: a new run never replaces the results of another
 * (history.json, checkpoints), and `--resume` needs a checkpoint to continue from.
 */
async function refusal(out: string, resume: boolean): Promise<string | undefined> {
  const checkpoints = await checkpointFiles(out);
  const history = await access(join(out, HISTORY_FILE)).then(
    () => [HISTORY_FILE],
    () => [],
  );
  if (resume && checkpoints.length === 0) {
    return history.length === 0
      ? `--resume: ${out} has no ${CHECKPOINT_FILE} to continue from; run without --resume to start afresh`
      : `--resume: ${out} has a ${HISTORY_FILE} but no ${CHECKPOINT_FILE} (the run stopped before its first ` +
          "checkpoint); remove the folder or give another --out to start afresh";
  }
  if (!resume && checkpoints.length + history.length > 0) {
    return (
      `${out} already holds a run (${[...history, ...checkpoints].join(", ")}); ` +
      (checkpoints.length > 0 ? "pass --resume to continue it, or " : "") +
      "give another --out for a new run (or remove the folder)"
    );
  }
  return undefined;
}

/**
 * `explr train`: runs an experiment from a JSON file or a preset, prints progress, writes `history.json` (at each
 * epoch's end, atomically, so a killed run has one) and a checkpoint into the out directory. Resolves to the exit code: 0 done, 1 diverged (NaN/Inf) or failed, 2 usage.
 * Example: `process.exitCode = await runTrainCommand(["--preset", "cifar10-cpu-smoke", "--out", "runs/smoke"])`.
 */
export async function runTrainCommand(argv: readonly string[], io: TrainCommandIO = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let values: {
    config?: string;
    preset?: string;
    out?: string;
    resume?: boolean;
    workers?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: "string" },
        preset: { type: "string" },
        out: { type: "string" },
        resume: { type: "boolean" },
        workers: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    stderr.write(`explr train: ${(error as Error).message}\n${trainUsage}\n`);
    return 2;
  }
  if (values.help) {
    stdout.write(`${trainUsage}\n`);
    return 0;
  }
  if ((values.config === undefined) === (values.preset === undefined)) {
    stderr.write(`explr train: give exactly one of --config FILE and --preset NAME\n${trainUsage}\n`);
    return 2;
  }
  let experiment: Experiment;
  try {
    experiment =
      values.preset !== undefined
        ? preset(values.preset)
        : (JSON.parse(await readFile(values.config as string, "utf8")) as Experiment);
    checkExperiment(experiment);
  } catch (error) {
    stderr.write(`explr train: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.workers !== undefined) {
    if (!/^[1-9]\d*$/.test(values.workers)) {
      stderr.write(
        `explr train: --workers takes a positive integer, got '${values.workers}'\n${trainUsage}\n`,
      );
      return 2;
    }
    experiment = { ...experiment, parallel: { workers: Number(values.workers) } };
  }
  const out = values.out ?? join("runs", experiment.name ?? "experiment");
  experiment = { ...experiment, checkpoint: { dir: out, every: experiment.checkpoint?.every ?? 1 } };
  const refused = await refusal(out, values.resume ?? false);
  if (refused !== undefined) {
    stderr.write(`explr train: ${refused}\n`);
    return 2;
  }
  await mkdir(out, { recursive: true });
  // Writes one after another, so that an older history never lands after a newer one; a failed write surfaces
  // when the run's end awaits the last.
  let saved: Promise<void> = Promise.resolve();
  const writeHistory = (history: History) => {
    const text = `${JSON.stringify(history, null, 1)}\n`;
    saved = saved.then(() => writeFileAtomic(join(out, HISTORY_FILE), text));
    saved.catch(() => {});
    return saved;
  };
  const began = performance.now();
  const epochLine = {
    onEpoch(r: History["epochs"][number], history: History) {
      writeHistory(history);
      stdout.write(
        `epoch ${r.epoch + 1}/${experiment.epochs}: train loss ${format(r.trainLoss)} acc ${format(r.trainAccuracy)}` +
          ` | test loss ${format(r.testLoss)} acc ${format(r.testAccuracy)}` +
          ` | angle ${format(r.angle)} rad | ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
      );
    },
  };
  // Ctrl-C stops after the current step and writes the history so far (a second one ends the process at once).
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    stderr.write("\nexplr train: stopping after this step (Ctrl-C again to quit now)\n");
    interrupt.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const result = await train(experiment, {
      log: (line) => stdout.write(`${line}\n`),
      signal: interrupt.signal,
      ...io.trainOptions,
      resume: values.resume ?? false,
      // TensorBoard's event files go into `out`, the run's checkpoint folder, as train does by default.
      callbacks: [
        dashboardCallbacks(new TrainingDashboard({ title: experiment.name, stream: stderr })),
        epochLine,
      ],
    });
    await writeHistory(result.history);
    stdout.write(
      `done: ${result.history.steps.length} steps on ${result.backend}, ${result.imagesPerSecond.toFixed(1)} ` +
        `training images/s, ${((performance.now() - began) / 1000).toFixed(1)} s; wrote ${join(out, HISTORY_FILE)}\n`,
    );
    return 0;
  } catch (error) {
    const stopped = error instanceof TrainingDivergedError || error instanceof TrainingInterruptedError;
    if (stopped) await writeHistory(error.history);
    stderr.write(`explr train: ${(error as Error).message}\n`);
    return error instanceof TrainingInterruptedError ? 130 : 1;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
