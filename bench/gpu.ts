/**
 * One training step (forward, backward, SGD with momentum 0.9 and weight decay 5e-4) on tfjs's `webgpu` backend
 * through Dawn, and the same model in PyTorch CUDA (bench/pytorch_train_step.py, fp32) in the same run when a Python
 * with a CUDA PyTorch is found, with the ratio. Prints one record per model:
 * `{ model, batch, backend, device, imagesPerSecond, gpuMsPerStep, cpuMsPerStep, dispatchesPerStep, kernelsPerStep }`.
 * - imagesPerSecond: `--steps` steps issued back to back, then one read-back (null on the null adapter).
 * - gpuMsPerStep: the sum of one step's kernels from WebGPU timestamp queries (null where the adapter has none).
 * - cpuMsPerStep: the main thread's time to issue one step (the floor of a step on any GPU).
 * - dispatchesPerStep: compute dispatches; kernelsPerStep: tfjs kernels (some, like Reshape, dispatch nothing).
 * Run: `npm run bench:gpu -- [--json] [--adapter default|null] [--model preresnet20|preresnet32|small-cnn|all]
 * [--batch N] [--steps N] [--warmup N] [--profile] [--loop] [--flag NAME=VALUE]...`; `--loop` adds the training
 * loop itself (`train()`, `--loop-images`, default 10240). `--adapter null` measures the CPU cost per step on any
 * machine.
 */
import * as tf from "@tensorflow/tfjs-core";
import { read } from "../src/backend/read.js";
import { ready } from "../src/backend/select.js";
import { emptyGpuCache } from "../src/backend/webgpu/buffer-pool.js";
import { GpuError } from "../src/backend/webgpu/device-errors.js";
import { installDispatchCache } from "../src/backend/webgpu/dispatch-cache.js";
import { countDispatches } from "../src/backend/webgpu/dispatch-count.js";
import type { WebgpuAdapterChoice } from "../src/backend/webgpu/install.js";
import type { LabeledImages } from "../src/data/format.js";
import type { ModelConfig } from "../src/nn/config.js";
import { buildModel } from "../src/nn/model.js";
import { sgdVariables } from "../src/optim/tfjs.js";
import { train } from "../src/train/loop.js";
import { preset } from "../src/train/presets.js";
import { findTorchPython, runPytorchBench, torchHasCuda } from "./pytorch.js";

interface GpuRecord {
  model: string;
  batch: number;
  backend: string;
  device: string;
  imagesPerSecond: number | null;
  gpuMsPerStep: number | null;
  cpuMsPerStep: number | null;
  dispatchesPerStep?: number;
  kernelsPerStep?: number;
  /** Why the model could not be measured (its other figures are null). */
  error?: string;
}

const models = {
  preresnet20: { name: "PreResNet-20", arch: "preresnet", depth: 20 },
  preresnet32: { name: "PreResNet-32", arch: "preresnet", depth: 32 },
  "small-cnn": { name: "small CNN", arch: "smallcnn" },
} as const;
type ModelKey = keyof typeof models;

const args = process.argv.slice(2);
/** The value after `--name` (or in `--name=value`), else `fallback`. */
function option(name: string, fallback: string): string {
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return fallback;
  const value = args[at].includes("=") ? args[at].slice(name.length + 3) : args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value.`);
  return value;
}
function positiveInteger(name: string, fallback: number): number {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer.`);
  return value;
}
const json = args.includes("--json");
const showProfile = args.includes("--profile");
const adapter = option("adapter", "default") as WebgpuAdapterChoice;
if (adapter !== "default" && adapter !== "null") throw new Error("--adapter must be 'default' or 'null'.");
const modelOption = option("model", "preresnet20");
if (modelOption !== "all" && !(modelOption in models)) {
  throw new Error(`--model must be one of ${Object.keys(models).join(", ")}, all; got '${modelOption}'.`);
}
const modelKeys = (modelOption === "all" ? Object.keys(models) : [modelOption]) as ModelKey[];
const batch = positiveInteger("batch", 128);
const steps = positiveInteger("steps", 20);
const warmup = positiveInteger("warmup", 20);
const say = (line: string) => (json ? console.error(line) : console.log(line));

const choice = await ready({ backend: "webgpu", webgpuAdapter: adapter, log: say });
// `--flag NAME=VALUE` (repeatable) sets a tfjs flag for the run, e.g. WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE=false, to
// compare tfjs's own choices on the GPU at hand.
for (const [at, arg] of args.entries()) {
  if (arg !== "--flag") continue;
  const [name, text] = (args[at + 1] ?? "").split("=");
  if (name === "" || text === undefined)
    throw new Error("--flag needs NAME=VALUE, e.g. --flag WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE=30.");
  const value =
    text === "true" ? true : text === "false" ? false : Number.isFinite(Number(text)) ? Number(text) : text;
  tf.env().set(name, value);
  say(`tfjs flag ${name} = ${JSON.stringify(value)}`);
}
const device = choice.device ?? "unknown";
const timestamps =
  adapter !== "null" && (tf.backend() as { supportTimestampQuery?: boolean }).supportTimestampQuery;

function emit(record: GpuRecord): void {
  if (json) {
    console.log(JSON.stringify(record));
    return;
  }
  if (record.error !== undefined) {
    say(
      `${record.backend} on ${record.device}: ${record.model}, batch ${record.batch}: not measured: ${record.error}`,
    );
    return;
  }
  const figure = (v: number | null | undefined, digits: number, unit: string) =>
    v === null || v === undefined ? `– ${unit}` : `${v.toFixed(digits)} ${unit}`;
  const extra =
    record.dispatchesPerStep === undefined
      ? ""
      : `, ${record.dispatchesPerStep} dispatches and ${record.kernelsPerStep} tfjs kernels per step`;
  say(
    `${record.backend} on ${record.device}: ${record.model}, batch ${record.batch}: ` +
      `${figure(record.imagesPerSecond, 0, "images/s")}, GPU ${figure(record.gpuMsPerStep, 2, "ms")}/step, ` +
      `CPU ${figure(record.cpuMsPerStep, 2, "ms")}/step${extra}`,
  );
}

async function measure(key: ModelKey): Promise<GpuRecord> {
  const { name, ...arch } = models[key];
  const config = { ...arch, norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 1e-5 } as ModelConfig;
  const model = buildModel(config);
  const opt = sgdVariables({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }, model.trainableVariables());
  const x = tf.randomNormal([batch, 32, 32, 3]) as tf.Tensor4D;
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 10),
    "int32",
  );
  const variables = model.trainableVariables();
  /** Issues one step and returns its loss (not read). */
  const step = (): tf.Scalar =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => model.lossAndAccuracy(x, labels, { training: true }).loss,
        variables,
      );
      opt.step(grads);
      return value;
    });
  try {
    return await measureSteps(name, step);
  } finally {
    opt.dispose();
    model.dispose();
    tf.dispose([x, labels]);
  }
}

/** Warms `step` up, then times it: images/s, CPU per step, dispatches and tfjs kernels per step, GPU time. */
async function measureSteps(name: string, step: () => tf.Scalar): Promise<GpuRecord> {
  // Warm-up: pipelines compile, buffers are allocated, the dispatch cache fills.
  for (let i = 0; i < warmup; i++) {
    const loss = step();
    await read(loss).finally(() => loss.dispose());
  }

  const cache = installDispatchCache(tf.backend());
  const cacheBefore = cache === null ? null : { ...cache };
  const dispatches = countDispatches();
  let issueMs = 0;
  let seconds = 0;
  let finalLoss = 0;
  let last: tf.Scalar | null = null;
  try {
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const issued = performance.now();
      const loss = step();
      issueMs += performance.now() - issued;
      last?.dispose();
      last = loss;
    }
    finalLoss = (await read(last as tf.Scalar))[0];
    seconds = (performance.now() - start) / 1000;
  } finally {
    last?.dispose();
    dispatches.stop();
  }
  if (cache !== null && cacheBefore !== null) {
    const hits = cache.bindGroupHits - cacheBefore.bindGroupHits;
    const misses = cache.bindGroupMisses - cacheBefore.bindGroupMisses;
    say(`  ${name}: ${((100 * hits) / Math.max(1, hits + misses)).toFixed(1)} % of bind groups found again`);
  }

  let gpuMsPerStep: number | null = null;
  let kernelsPerStep = 0;
  const profile = await tf.profile(() => step());
  kernelsPerStep = profile.kernels.length;
  if (timestamps) {
    gpuMsPerStep = profile.kernels.reduce((sum, k) => sum + (k.kernelTimeMs as number), 0);
    if (showProfile) {
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of profile.kernels) {
        const entry = byName.get(k.name) ?? { ms: 0, calls: 0 };
        entry.ms += k.kernelTimeMs as number;
        entry.calls++;
        byName.set(k.name, entry);
      }
      say(`  GPU time of one ${name} step by kernel:`);
      for (const [kernel, { ms, calls }] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16)) {
        say(`    ${kernel.padEnd(28)} ${ms.toFixed(3).padStart(9)} ms  ${calls} calls`);
      }
    }
  }
  await read(profile.result as tf.Tensor).finally(() => tf.dispose(profile.result as tf.Tensor));
  if (!Number.isFinite(finalLoss) && adapter !== "null") say(`  warning: ${name}'s loss is ${finalLoss}`);
  return {
    model: name,
    batch,
    backend: "explr-webgpu",
    device,
    imagesPerSecond: adapter === "null" ? null : (steps * batch) / seconds,
    gpuMsPerStep,
    cpuMsPerStep: issueMs / steps,
    dispatchesPerStep: dispatches.count() / steps,
    kernelsPerStep,
  };
}

/** Random images of CIFAR-10's layout: the loop's speed does not depend on what the pixels show. */
function randomImages(count: number): LabeledImages {
  const images = new Uint8Array(count * 32 * 32 * 3);
  let state = 12345;
  for (let i = 0; i < images.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    images[i] = state >>> 24;
  }
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}

/**
 * The training loop itself (`train()`: batches with augmentation on a worker thread, the per-step read-back the
 * history records, evaluation) on cifar10-gpu's setting, two epochs of `--loop-images` random images.
 */
async function measureLoop(images: number): Promise<GpuRecord> {
  const experiment = { ...preset("cifar10-gpu"), epochs: 2, evalEvery: 0 };
  const result = await train(experiment, { data: { train: randomImages(images), test: randomImages(500) } });
  return {
    model: "PreResNet-20 through train()",
    batch: experiment.data.batchSize,
    backend: `explr-${result.backend}`,
    device,
    imagesPerSecond: result.imagesPerSecond,
    gpuMsPerStep: null,
    cpuMsPerStep: null,
  };
}

/** `measure(key)`, or a record of why the GPU could not run it (the next model starts on an emptied pool). */
async function measureOrExplain(key: ModelKey): Promise<GpuRecord> {
  try {
    return await measure(key);
  } catch (error) {
    if (!(error instanceof GpuError)) throw error;
    const nullLimit =
      error.kind === "out-of-memory" && adapter === "null"
        ? " (Dawn's null adapter has 512 MB in all: measure this model at a smaller --batch)"
        : "";
    const { name } = models[key];
    const none = { imagesPerSecond: null, gpuMsPerStep: null, cpuMsPerStep: null };
    return { model: name, batch, backend: "explr-webgpu", device, ...none, error: error.message + nullLimit };
  } finally {
    emptyGpuCache();
  }
}

const ours: GpuRecord[] = [];
for (const key of modelKeys) {
  const record = await measureOrExplain(key);
  ours.push(record);
  emit(record);
}
if (args.includes("--loop")) emit(await measureLoop(positiveInteger("loop-images", 10240)));

const found = findTorchPython();
if ("skipped" in found) say(`PyTorch CUDA comparison skipped: ${found.skipped}`);
else if (!torchHasCuda(found.python))
  say(`PyTorch CUDA comparison skipped: ${found.python}'s torch sees no GPU`);
else {
  const run = runPytorchBench<GpuRecord>(found.python, [
    "--device",
    "cuda",
    "--models",
    ...modelKeys,
    "--batch",
    String(batch),
    "--steps",
    "50",
  ]);
  if ("failed" in run) say(`PyTorch CUDA comparison failed: ${run.failed}`);
  else {
    for (const torch of run.records) {
      emit({ ...torch, gpuMsPerStep: null, cpuMsPerStep: null });
      const explr = ours.find((r) => r.model === torch.model);
      if (explr?.imagesPerSecond != null && torch.imagesPerSecond !== null) {
        say(
          `${torch.model}, batch ${batch}: explr webgpu / PyTorch CUDA = ` +
            `${(explr.imagesPerSecond / torch.imagesPerSecond).toFixed(4)} (target ≥ 0.25)`,
        );
      }
    }
  }
}
process.exit(0);
