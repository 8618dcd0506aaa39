/**
 * Images per second of one training step (forward, backward, SGD with momentum 0.9 and weight decay 5e-4) of the
 * small CNN and PreResNet-20 at batch 128: explr in this process on the backend `ready()` picks, explr data-parallel
 * on worker threads (src/parallel), and the same models in PyTorch (bench/pytorch_train_step.py, CPU, all cores)
 * when a Python with torch is found (EXPLR_PYTHON, .venv/bin/python, python3), with explr/PyTorch ratios. On wasm
 * with the native addon, explr runs with its kernels (oneDNN convolutions, fused BatchNorm) on all cores and on one
 * thread (`wasm+native`) and without them (`wasm`), side by side; PyTorch likewise on all cores and on one.
 * Run: `npm run bench:train` (`-- --json`: one JSON object per line; `-- --profile`: per-kernel self times of
 * one in-process step; `-- --workers=N`, default 2, 0 to skip; `-- --memory-steps=1000`: only a memory check, that
 * many steps of a tiny PreResNet through the workers, printing tensors, bytes and RSS as it goes).
 * `EXPLR_BACKEND`, `BENCH_BATCH`, `BENCH_STEPS`.
 */

import { availableParallelism } from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import { useNativeKernels } from "../src/backend/kernel-overrides.js";
import { timeKernels } from "../src/backend/kernel-timing.js";
import { ready } from "../src/backend/select.js";
import type { ModelConfig } from "../src/nn/config.js";
import { buildModel, type Model } from "../src/nn/model.js";
import { sgdVariables } from "../src/optim/tfjs.js";
import { createParallelTrainer } from "../src/parallel/trainer.js";
import { findTorchPython, runPytorchBench } from "./pytorch.js";

interface BenchRecord {
  model: string;
  batch: number;
  backend: string;
  workers?: number;
  threads?: number;
  imagesPerSecond: number;
  /** CPU time of the whole process (all threads) per step, mean over the timed steps: shows what load hides. */
  cpuSecondsPerStep?: number;
}

const args = process.argv.slice(2);
const json = args.includes("--json");
const profile = args.includes("--profile");
const option = (name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const workers = option("workers", 2);
const memorySteps = option("memory-steps", 0);
const batch = Number(process.env.BENCH_BATCH ?? 128);
const steps = Number(process.env.BENCH_STEPS ?? 3);
const say = (line: string) => (json ? console.error(line) : console.log(line));
const common = { norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 1e-5 } as const;
const configs: ModelConfig[] = [
  { arch: "smallcnn", ...common },
  { arch: "preresnet", depth: 20, ...common },
];
const modelName = (c: ModelConfig) => (c.arch === "preresnet" ? `PreResNet-${c.depth}` : "small CNN");
const records: BenchRecord[] = [];

function emit(record: BenchRecord): void {
  records.push(record);
  if (json) console.log(JSON.stringify(record));
  else {
    const how = record.workers
      ? `${record.workers} workers`
      : record.threads
        ? `${record.threads} thread${record.threads > 1 ? "s" : ""}`
        : "1 process";
    const cpu =
      record.cpuSecondsPerStep === undefined ? "" : `, ${record.cpuSecondsPerStep.toFixed(2)} CPU s/step`;
    say(
      `${record.backend} (${how}): ${record.model}, batch ${record.batch}: ${record.imagesPerSecond.toFixed(1)} images/s${cpu}`,
    );
  }
}

/** Best images/s over `steps` timed steps after one warm-up step, and the mean CPU seconds per step. */
async function measure(
  step: () => Promise<void>,
): Promise<{ imagesPerSecond: number; cpuSecondsPerStep: number }> {
  await step();
  let best = Number.POSITIVE_INFINITY;
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    await step();
    best = Math.min(best, performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  return { imagesPerSecond: batch / (best / 1000), cpuSecondsPerStep: (cpu.user + cpu.system) / 1e6 / steps };
}

function optimizer(model: Model) {
  return sgdVariables({ lr: 0.1, momentum: 0.9, weightDecay: 5e-4 }, model.trainableVariables());
}

const { backend } = await ready({ log: say });
/**
 * The kernel sets to compare: on wasm with the addon, its kernels on all cores and on one thread (the scaling), and
 * the plain wasm ones; `threads` of the in-process variants (workers use 1 each).
 */
const cores = availableParallelism();
const nativeOn = backend === "wasm" && useNativeKernels(true).on;
const variants = nativeOn
  ? [
      { label: "wasm+native", native: true, threads: cores },
      ...(cores > 1 ? [{ label: "wasm+native", native: true, threads: 1 }] : []),
      { label: "wasm", native: false, threads: undefined },
    ]
  : [{ label: backend, native: false, threads: undefined }];
type Variant = (typeof variants)[number];

/**
 * Switches this thread's native kernels and their threads, and those of workers started from now on (they read
 * EXPLR_NATIVE).
 */
function useNative(variant: Pick<Variant, "native" | "threads">): void {
  if (!nativeOn) return;
  if (variant.native) {
    delete process.env.EXPLR_NATIVE;
    if (!useNativeKernels(true, variant.threads).on)
      throw new Error("the native kernels did not come back on");
  } else {
    useNativeKernels(false);
    process.env.EXPLR_NATIVE = "0";
  }
}
const allCores = { native: true, threads: cores };
if (memorySteps > 0) {
  await memoryCheck(memorySteps);
  process.exit(0);
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

/** Tensors and bytes on the main thread and in each worker, and the RSS, every steps/4 steps of SGD. */
async function memoryCheck(count: number): Promise<void> {
  const model = buildModel({ arch: "preresnet", depth: 8, width: 4, ...common });
  const trainer = await createParallelTrainer({ model, workers: Math.max(workers, 1) });
  const opt = optimizer(model);
  const x = tf.randomNormal([8, 8, 8, 3]) as tf.Tensor4D;
  const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], "int32");
  for (let step = 0; step < count; step++) {
    const { grads, workerTensors, workerBytes } = await trainer.gradients(x, labels);
    opt.step(grads);
    tf.dispose(grads);
    if (step % Math.max(1, Math.floor(count / 4)) === 0 || step === count - 1) {
      const memory = process.memoryUsage();
      say(
        `step ${step}: main ${tf.memory().numTensors} tensors; workers ${workerTensors.join(", ")} tensors, ` +
          `${workerBytes.join(", ")} bytes; RSS ${mb(memory.rss)}, JS heap ${mb(memory.heapUsed)}, ` +
          `external ${mb(memory.external)}`,
      );
    }
  }
  await trainer.close();
}
for (const config of configs) {
  const x = tf.randomNormal([batch, 32, 32, 3]) as tf.Tensor4D;
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 10),
    "int32",
  );
  const model = buildModel(config);
  const opt = optimizer(model);
  const variables = model.trainableVariables();
  const localStep = async () => {
    const { value, grads } = tf.variableGrads(
      () => model.lossAndAccuracy(x, labels, { training: true }).loss,
      variables,
    );
    opt.step(grads);
    await value.data();
    tf.dispose([value, grads]);
  };
  for (const variant of variants) {
    useNative(variant);
    const threads = variant.threads === undefined ? {} : { threads: variant.threads };
    emit({
      model: modelName(config),
      batch,
      backend: variant.label,
      ...threads,
      ...(await measure(localStep)),
    });
  }
  useNative(allCores);
  if (profile) {
    const timer = timeKernels(backend);
    const start = performance.now();
    await localStep();
    const total = performance.now() - start;
    timer.stop();
    const kernels = timer.report();
    const inKernels = kernels.reduce((s, k) => s + k.selfMs, 0);
    say(
      `  profile of one step, ${total.toFixed(0)} ms (${(total - inKernels).toFixed(0)} ms outside kernels):`,
    );
    for (const k of kernels.slice(0, 14)) {
      say(
        `    ${k.name.padEnd(24)} ${k.selfMs.toFixed(0).padStart(6)} ms ${((100 * k.selfMs) / total).toFixed(1).padStart(5)}%  ${k.calls} calls`,
      );
    }
  }
  opt.dispose();
  for (const variant of workers > 0 ? variants.filter((v) => v.threads !== 1) : []) {
    useNative({ native: variant.native, threads: undefined });
    const trainer = await createParallelTrainer({ model, workers });
    const parallelOpt = optimizer(model);
    const parallelStep = async () => {
      const { grads } = await trainer.gradients(x, labels);
      parallelOpt.step(grads);
      tf.dispose(grads);
    };
    emit({
      model: modelName(config),
      batch,
      backend: variant.label,
      workers,
      ...(await measure(parallelStep)),
    });
    await trainer.close();
    parallelOpt.dispose();
  }
  useNative(allCores);
  model.dispose();
  tf.dispose([x, labels]);
}

/** PyTorch's CPU time per step / explr's: the speed ratio if both had the same cores to themselves. */
function cpuRatio(torch: BenchRecord, explr: BenchRecord): string {
  if (torch.cpuSecondsPerStep === undefined || explr.cpuSecondsPerStep === undefined) return "unknown";
  return (torch.cpuSecondsPerStep / explr.cpuSecondsPerStep).toFixed(3);
}

/** The threads a record ran on: its own, or all cores (workers and plain wasm use every core in their way). */
const threadsOf = (r: BenchRecord) => (r.workers === undefined ? (r.threads ?? cores) : cores);

const found = findTorchPython();
if ("skipped" in found) say(`PyTorch comparison skipped: ${found.skipped}`);
else {
  const torch: BenchRecord[] = [];
  for (const threads of cores > 1 ? [cores, 1] : [cores]) {
    const run = runPytorchBench<BenchRecord>(found.python, [
      "--batch",
      String(batch),
      "--steps",
      String(steps),
      "--threads",
      String(threads),
    ]);
    if ("failed" in run) say(`PyTorch comparison (${threads} threads) failed: ${run.failed}`);
    else torch.push(...run.records);
  }
  for (const record of torch) emit(record);
  // Each explr figure against PyTorch on the same model and the same number of threads.
  for (const r of records.filter((r) => !torch.includes(r))) {
    const t = torch.find((t) => t.model === r.model && t.threads === threadsOf(r));
    if (t === undefined) continue;
    const how = r.workers
      ? `${r.workers} workers`
      : `1 process${r.threads === undefined ? "" : `, ${r.threads} thread${r.threads > 1 ? "s" : ""}`}`;
    say(
      `${t.model}: explr ${r.backend} (${how}) / PyTorch (${t.threads} thread${(t.threads ?? 0) > 1 ? "s" : ""}) = ` +
        `${(r.imagesPerSecond / t.imagesPerSecond).toFixed(3)} (PyTorch's step time / explr's; target ≥ 0.667); ` +
        `per CPU second ${cpuRatio(t, r)}`,
    );
  }
}
