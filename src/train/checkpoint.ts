import { createHash } from "node:crypto";
import { access, mkdir, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { writeFileAtomic } from "../atomic-write.js";
import { read } from "../backend/read.js";
import type { SgdStateJSON } from "../optim/state.js";
import type { Experiment } from "./experiment.js";
import type { History } from "./history.js";
import type { TrainedData } from "./trained-data.js";

export const CHECKPOINT_FORMAT = "explr.train.checkpoint";
/** Version 2 added the `sha256` integrity check; version 1 files had none and are refused. */
export const CHECKPOINT_VERSION = 2;
export const CHECKPOINT_FILE = "checkpoint.json";
/** The checkpoint before the newest, kept so that a damaged newest one loses one checkpoint's progress, not the run. */
export const PREVIOUS_CHECKPOINT_FILE = "checkpoint.prev.json";

/** A named float32 tensor as JSON (the numbers round-trip exactly). */
export interface TensorJSON {
  name: string;
  shape: number[];
  values: number[];
}

/**
 * Everything a run needs to continue bit for bit after `epochsDone` epochs. The data order and augmentation of
 * epoch e depend only on (experiment.seed, e), and the initialization only on model.seed, so no random-generator
 * state is left to save beyond the epoch.
 */
export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  epochsDone: number;
  step: number;
  params: TensorJSON[];
  /** BatchNorm running statistics. */
  buffers: TensorJSON[];
  optimizer: SgdStateJSON;
  history: History;
}

/*
 * On disk a checkpoint is its JSON with one more field, `sha256`: the hex SHA-256 of `JSON.stringify` of the
 * checkpoint without that field. Parsing and stringifying JSON written by `JSON.stringify` gives back the same
 * text (numbers print as their shortest round-trip form), so the reader recomputes the digest from what it parsed:
 * any change to a number, a null for a weight, an edited `epochsDone` or `optimizer.step`, or a truncated file is
 * refused, naming the file and what is wrong.
 *
 * Writing keeps the last good checkpoint, as Orbax and Lightning users expect of a checkpoint folder: the new one
 * goes to a temporary file that is renamed over `checkpoint.json`, and before that a `checkpoint.json` that still
 * verifies becomes `checkpoint.prev.json` (a damaged one is not rotated, so it never replaces a good previous one).
 * Whenever the process dies, one of the two files is complete. Reading takes `checkpoint.json`; when it is missing
 * or damaged it falls back to `checkpoint.prev.json`, saying why (the run then repeats the epochs after it, with
 * the same result, since a run is deterministic); when neither verifies it refuses.
 */

const digest = (text: string) => createHash("sha256").update(text).digest("hex");

/** A checkpoint file that cannot be used: damaged, of another format or version, or of another experiment. */
export class CheckpointError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`checkpoint ${path}: ${problem}`);
    this.name = "CheckpointError";
  }
}

/**
 * Writes `checkpoint.json` into `dir` atomically, keeping the previous one (if it verifies) as
 * `checkpoint.prev.json`. Returns the path written.
 */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, CHECKPOINT_FILE);
  const body = JSON.stringify(checkpoint);
  const current = await verified(path);
  if (current !== null && !(current instanceof CheckpointError)) {
    await rename(path, join(dir, PREVIOUS_CHECKPOINT_FILE));
  }
  await writeFileAtomic(path, `${body.slice(0, -1)},"sha256":"${digest(body)}"}`);
  return path;
}

/** The verified checkpoint in `path`, null when there is no file, or the error that says what is wrong with it. */
async function verified(path: string): Promise<Checkpoint | CheckpointError | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return new CheckpointError(
      path,
      `is not valid JSON (${(error as Error).message}): truncated or overwritten`,
    );
  }
  if (typeof data !== "object" || data === null || data.format !== CHECKPOINT_FORMAT) {
    return new CheckpointError(
      path,
      `is not an explr training checkpoint (format ${JSON.stringify(data?.format)})`,
    );
  }
  if (data.version !== CHECKPOINT_VERSION) {
    return new CheckpointError(
      path,
      `has checkpoint version ${data.version}; this explr reads version ${CHECKPOINT_VERSION}`,
    );
  }
  const { sha256, ...checkpoint } = data;
  if (typeof sha256 !== "string") return new CheckpointError(path, "has no sha256 integrity check");
  if (digest(JSON.stringify(checkpoint)) !== sha256) {
    return new CheckpointError(
      path,
      "is damaged: its contents do not match its sha256 (numbers, weights, epochsDone or optimizer.step were " +
        "changed after it was written)",
    );
  }
  return checkpoint as unknown as Checkpoint;
}

/** The names of the checkpoint files in `dir`, good or damaged (newest first). */
export async function checkpointFiles(dir: string): Promise<string[]> {
  const names = [CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE];
  const exists = await Promise.all(
    names.map((name) =>
      access(join(dir, name)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return names.filter((_, i) => exists[i]);
}

/** What a resumed run must share with the run that wrote the checkpoint: anything else changes the result. */
const resumeFields = ["model", "data", "optimizer", "seed", "evalStatistics"] as const;

/**
 * Reads the newest good checkpoint in `dir`, or null when there is none. A damaged `checkpoint.json` is refused
 * and `checkpoint.prev.json` used instead, with a line to `log` naming the file and what is wrong; when no file
 * verifies, throws `CheckpointError` naming each. With `resumes`, also refuses a checkpoint of another experiment
 * (naming the field that differs) or of another number of steps per epoch (another training set).
 */
export async function readCheckpoint(
  dir: string,
  options: { log?: (line: string) => void; resumes?: Resumes } = {},
): Promise<Checkpoint | null> {
  const refused: CheckpointError[] = [];
  for (const name of [CHECKPOINT_FILE, PREVIOUS_CHECKPOINT_FILE]) {
    const path = join(dir, name);
    const found = await verified(path);
    if (found === null) continue;
    if (found instanceof CheckpointError) {
      refused.push(found);
      continue;
    }
    if (options.resumes !== undefined) checkResumes(path, found, options.resumes);
    for (const error of refused) options.log?.(`${error.message}; using ${path} instead`);
    return found;
  }
  if (refused.length === 0) return null;
  if (refused.length === 1) throw refused[0];
  throw new CheckpointError(dir, `no checkpoint verifies:\n  ${refused.map((e) => e.message).join("\n  ")}`);
}

/** What a run to be resumed is: its experiment, its steps per epoch and, when known, the data it trains on. */
export interface Resumes {
  experiment: Experiment;
  stepsPerEpoch: number;
  data?: TrainedData;
}

function checkResumes(path: string, checkpoint: Checkpoint, run: Resumes): void {
  const saved = checkpoint.history.experiment;
  for (const field of resumeFields) {
    const [was, is] = [JSON.stringify(saved[field]), JSON.stringify(run.experiment[field])];
    if (was !== is) {
      throw new CheckpointError(
        path,
        `is of another experiment: its ${field} is ${was}, this run's is ${is}; resume with the experiment that ` +
          "wrote it, or use another checkpoint.dir (explr train: --out) without resuming",
      );
    }
  }
  if (checkpoint.history.stepsPerEpoch !== run.stepsPerEpoch) {
    throw new CheckpointError(
      path,
      `was written with ${checkpoint.history.stepsPerEpoch} steps per epoch, this run has ${run.stepsPerEpoch} ` +
        "(another training set); resume with the data that wrote it",
    );
  }
  const [was, is] = [checkpoint.history.data, run.data];
  for (const split of ["train", "test"] as const) {
    if (was && is && was[split].sha256 !== is[split].sha256) {
      throw new CheckpointError(
        path,
        `was written with other ${split} images (SHA-256 ${was[split].sha256.slice(0, 12)}…, this run's ` +
          `${is[split].sha256.slice(0, 12)}…); resume with the data that wrote it`,
      );
    }
  }
}

/** The tensors' names, shapes and values, for a checkpoint. */
export async function tensorsToJSON(
  items: readonly { name: string; variable: tf.Variable }[],
): Promise<TensorJSON[]> {
  return Promise.all(
    items.map(async ({ name, variable }) => ({
      name,
      shape: [...variable.shape],
      values: Array.from(await read(variable)),
    })),
  );
}

/** Assigns saved values to the variables of the same names; a missing or reshaped one is refused. */
export function assignFromJSON(
  items: readonly { name: string; variable: tf.Variable }[],
  saved: TensorJSON[],
): void {
  const byName = new Map(saved.map((t) => [t.name, t]));
  for (const { name, variable } of items) {
    const t = byName.get(name);
    if (t === undefined || t.values.length !== variable.size) {
      throw new RangeError(
        `checkpoint: "${name}" is missing or has another shape; it belongs to another model`,
      );
    }
    tf.tidy(() => variable.assign(tf.tensor(t.values, variable.shape, "float32")));
  }
}
