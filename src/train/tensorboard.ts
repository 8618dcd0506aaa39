/**
 * A run's scalars as TensorBoard event files in its folder, so `tensorboard --logdir DIR` shows a run or a whole
 * sweep. Per step: the batch's loss and accuracy, the LR, weight decay and weight norm of each parameter group, the
 * effective LR; per epoch (at the step it ended): train and test loss and accuracy, weight norms and the angle.
 * The values are those of `history.json` (as float32, TensorBoard's scalar type). Each run of `train` writes a file of
 * its own (TensorBoard reads every event file of a folder), appended to at each epoch's end.
 *
 * `train` writes them by default wherever a run has a folder (`tensorboardFolder`), as Lightning's default logger does.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { encodeEvent, FILE_VERSION, type Scalar, tfRecord } from "./event-file.js";
import type { Experiment } from "./experiment.js";
import type { EpochRecord, StepRecord } from "./history.js";
import type { TrainCallbacks } from "./loop.js";

/** The scalars of one step, tagged as TensorBoard groups them. */
export function stepScalars(record: StepRecord): Scalar[] {
  const scalars: Scalar[] = [
    { tag: "step/loss", value: record.loss },
    { tag: "step/accuracy", value: record.accuracy },
  ];
  for (const [kind, value] of Object.entries(record.lr)) scalars.push({ tag: `lr/${kind}`, value });
  for (const [kind, value] of Object.entries(record.weightDecay))
    scalars.push({ tag: `weight_decay/${kind}`, value });
  for (const [kind, value] of Object.entries(record.weightNorm))
    scalars.push({ tag: `weight_norm/${kind}`, value });
  if (record.effectiveLR !== undefined) scalars.push({ tag: "effective_lr", value: record.effectiveLR });
  return scalars;
}

/** The scalars of an epoch's summary. */
export function epochScalars(record: EpochRecord): Scalar[] {
  const scalars: Scalar[] = [
    { tag: "train/loss", value: record.trainLoss },
    { tag: "train/accuracy", value: record.trainAccuracy },
  ];
  if (record.testLoss !== undefined) scalars.push({ tag: "test/loss", value: record.testLoss });
  if (record.testAccuracy !== undefined) scalars.push({ tag: "test/accuracy", value: record.testAccuracy });
  for (const [kind, value] of Object.entries(record.weightNorm))
    scalars.push({ tag: `epoch/weight_norm/${kind}`, value });
  if (record.angle !== undefined) scalars.push({ tag: "angle", value: record.angle });
  return scalars;
}

let filesThisProcess = 0;

/**
 * A name no other writer takes: TensorBoard's `events.out.tfevents.<seconds>.<host>`, then the process and a count of
 * the files this process opened, so that two runs resumed in one second (or one notebook) never share a file.
 */
function eventFileName(): string {
  const seconds = Math.floor(Date.now() / 1000);
  return `events.out.tfevents.${seconds}.${hostname()}.${process.pid}.${filesThisProcess++}`;
}

/**
 * Callbacks for `train` that write the run's scalars into `dir`.
 * @example await train(experiment, { callbacks: [train.tensorboardCallbacks("runs/a")] })
 */
export function tensorboardCallbacks(dir: string): TrainCallbacks {
  const file = path.join(dir, eventFileName());
  let pending: Uint8Array[] = [
    tfRecord(encodeEvent({ wallTime: Date.now() / 1000, step: 0, fileVersion: FILE_VERSION })),
  ];
  const add = (step: number, scalars: Scalar[]) =>
    pending.push(tfRecord(encodeEvent({ wallTime: Date.now() / 1000, step, scalars })));
  const flush = () => {
    if (pending.length === 0) return;
    mkdirSync(dir, { recursive: true });
    appendFileSync(file, Buffer.concat(pending));
    pending = [];
  };
  return {
    onStep(record) {
      add(record.step, stepScalars(record));
    },
    onEpoch(record) {
      add(record.step, epochScalars(record));
      flush();
    },
    onEnd() {
      flush();
    },
  };
}

/**
 * The environment variable in which `explr run` gives a notebook's kernel the folder for its training runs' event
 * files (`OUT/tensorboard/NOTEBOOK`).
 */
export const TENSORBOARD_DIR_ENV = "EXPLR_TENSORBOARD_DIR";

/** The folders this process gave runs under `TENSORBOARD_DIR_ENV`, so that two runs never share one. */
const runFolders = new Set<string>();

/**
 * Where `train` writes a run's event files when not told (`TrainOptions.tensorboard`): the run's checkpoint folder
 * (`experiment.checkpoint.dir`, as `explr train --out` and a sweep's runs have); else, in a notebook that `explr run`
 * executes, a folder of its own under the one `TENSORBOARD_DIR_ENV` names (`<experiment name>-seed<seed>`, then `-2`,
 * `-3`, ... for the same again); else none: a run with no folder of its own (a notebook in Jupyter, a test) writes
 * nothing rather than litter the current folder.
 */
export function tensorboardFolder(
  experiment: Experiment,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (experiment.checkpoint !== undefined) return experiment.checkpoint.dir;
  const root = env[TENSORBOARD_DIR_ENV];
  if (root === undefined || root === "") return undefined;
  const base = path.join(
    root,
    `${experiment.name ?? "train"}-seed${experiment.seed}`.replace(/[^\w.,=+-]+/g, "_"),
  );
  let folder = base;
  for (let n = 2; runFolders.has(folder); n++) folder = `${base}-${n}`;
  runFolders.add(folder);
  return folder;
}
