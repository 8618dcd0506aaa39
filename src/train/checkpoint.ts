import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import type { SgdStateJSON } from "../optim/state.js";
import type { History } from "./history.js";

export const CHECKPOINT_FORMAT = "explr.train.checkpoint";
export const CHECKPOINT_VERSION = 1;
export const CHECKPOINT_FILE = "checkpoint.json";

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

/** Writes `checkpoint.json` into `dir` atomically (temp file + rename): a crash leaves the previous one intact. */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, CHECKPOINT_FILE);
  await writeFileAtomic(path, JSON.stringify(checkpoint));
  return path;
}

/** Reads the checkpoint in `dir`, or null when there is none; refuses another format or version. */
export async function readCheckpoint(dir: string): Promise<Checkpoint | null> {
  const path = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const data = JSON.parse(text) as Checkpoint;
  if (data.format !== CHECKPOINT_FORMAT) {
    throw new TypeError(
      `${path} is not an explr training checkpoint (format ${JSON.stringify(data.format)})`,
    );
  }
  if (data.version !== CHECKPOINT_VERSION) {
    throw new RangeError(
      `${path} has checkpoint version ${data.version}; this explr reads version ${CHECKPOINT_VERSION}`,
    );
  }
  return data;
}
