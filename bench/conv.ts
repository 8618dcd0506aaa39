/**
 * Speed of the conv gradient kernels on PreResNet-20 shapes at batch 128 (`BENCH_BATCH` to change).
 * `npm run bench:conv`: wasm, the stock `Conv2DBackpropInput` against explr's, and explr's `Conv2DBackpropFilter`
 * (wasm ships none); then the same three convolutions through explr's oneDNN kernels where the addon is built, with
 * 1 thread and with all cores. `npm run bench:conv -- --webgpu`: on webgpu, tfjs's own kernels against explr's
 * (and tfjs's tiled input gradient, `WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE=false`), each call timed over 10 issued back
 * to back and one read.
 */
import { availableParallelism } from "node:os";
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { useNativeKernels } from "../src/backend/kernel-overrides.js";
import { replaceKernels, restoreKernels } from "../src/backend/kernel-registry.js";
import { ready } from "../src/backend/select.js";
import { convGradientKernels } from "../src/backend/wasm/conv-kernels.js";
import { webgpuKernels } from "../src/backend/webgpu/kernels/index.js";

interface Shape {
  label: string;
  size: number;
  c: number;
  co: number;
  k: number;
  stride: number;
}

const batch = Number(process.env.BENCH_BATCH ?? 128);
const shapes: Shape[] = [
  { label: "stage1 3x3 16→16", size: 32, c: 16, co: 16, k: 3, stride: 1 },
  { label: "stage2 3x3 16→32 /2", size: 32, c: 16, co: 32, k: 3, stride: 2 },
  { label: "stage2 3x3 32→32", size: 16, c: 32, co: 32, k: 3, stride: 1 },
  { label: "stage3 3x3 64→64", size: 8, c: 64, co: 64, k: 3, stride: 1 },
  { label: "shortcut 1x1 32→64 /2", size: 16, c: 32, co: 64, k: 1, stride: 2 },
];

function operands(s: Shape) {
  const x = tf.randomNormal([batch, s.size, s.size, s.c]) as tf.Tensor4D;
  const w = tf.randomNormal([s.k, s.k, s.c, s.co]) as tf.Tensor4D;
  const out = Math.ceil(s.size / s.stride);
  const dy = tf.randomNormal([batch, out, out, s.co]) as tf.Tensor4D;
  return { x, w, dy };
}

/** Median milliseconds of `f` over a few runs after a warm-up. */
async function time(f: () => tf.Tensor): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = performance.now();
    const result = f();
    await result.data();
    result.dispose();
    if (i > 0) runs.push(performance.now() - start);
  }
  return runs.sort((a, b) => a - b)[1];
}

function inputGradient(s: Shape, { w, dy }: ReturnType<typeof operands>): tf.Tensor {
  const inputShape = [batch, s.size, s.size, s.c];
  return tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, {
    strides: s.stride,
    pad: "same",
    dataFormat: "NHWC",
    inputShape,
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function filterGradient(s: Shape, { x, dy }: ReturnType<typeof operands>): tf.Tensor {
  return tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, {
    strides: s.stride,
    pad: "same",
    dataFormat: "NHWC",
    filterShape: [s.k, s.k, s.c, s.co],
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Milliseconds per call of `f`: `calls` issued back to back, the last one read (a GPU runs them in turn). */
async function timeIssued(f: () => tf.Tensor, calls = 10): Promise<number> {
  await f().data(); // compiles the pipelines
  const start = performance.now();
  let last: tf.Tensor | null = null;
  for (let i = 0; i < calls; i++) {
    last?.dispose();
    last = f();
  }
  await (last as tf.Tensor).data();
  (last as tf.Tensor).dispose();
  return (performance.now() - start) / calls;
}

/** Runs `f` with tfjs's own webgpu kernel for `name` in place of explr's. */
async function withTfjsKernel<T>(name: string, f: () => Promise<T>): Promise<T> {
  const ours = { [name]: webgpuKernels[name] };
  restoreKernels("webgpu", ours);
  try {
    return await f();
  } finally {
    replaceKernels("webgpu", ours);
  }
}

async function benchWebgpu(): Promise<void> {
  const { device } = await ready({ backend: "webgpu", log: () => {} });
  const data = shapes.map(operands);
  console.log(`webgpu on ${device}: conv kernels, batch ${batch}, ms per call`);
  console.log(
    "shape                      | forward | dx tfjs | dx tfjs tiled | dx explr | dW tfjs | dW explr",
  );
  for (const [i, s] of shapes.entries()) {
    const forward = await timeIssued(() => tf.conv2d(data[i].x, data[i].w, s.stride, "same"));
    const dxTfjs = await withTfjsKernel(tf.Conv2DBackpropInput, () =>
      timeIssued(() => inputGradient(s, data[i])),
    );
    tf.env().set("WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE", false);
    const dxTiled = await withTfjsKernel(tf.Conv2DBackpropInput, () =>
      timeIssued(() => inputGradient(s, data[i])),
    );
    tf.env().set("WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE", true);
    const dxOurs = await timeIssued(() => inputGradient(s, data[i]));
    const dwTfjs = await withTfjsKernel(tf.Conv2DBackpropFilter, () =>
      timeIssued(() => filterGradient(s, data[i]), 2),
    );
    const dwOurs = await timeIssued(() => filterGradient(s, data[i]));
    const cells = [forward, dxTfjs, dxTiled, dxOurs, dwTfjs, dwOurs].map((v) => v.toFixed(2).padStart(7));
    console.log(`${s.label.padEnd(26)} | ${cells.join(" | ")}`);
  }
}

if (process.argv.includes("--webgpu")) {
  await benchWebgpu();
  process.exit(0);
}

await tf.setBackend("wasm");
const data = shapes.map(operands);
const stock = [];
for (const [i, s] of shapes.entries()) stock.push(await time(() => inputGradient(s, data[i])));
replaceKernels("wasm", convGradientKernels);
console.log(`wasm conv gradients, batch ${batch}, ms per call (median of 3)`);
console.log("shape                      | forward | dx stock | dx explr | dW explr (no stock)");
for (const [i, s] of shapes.entries()) {
  const forward = await time(() => tf.conv2d(data[i].x, data[i].w, s.stride, "same"));
  const ours = await time(() => inputGradient(s, data[i]));
  const filter = await time(() => filterGradient(s, data[i]));
  const cells = [forward, stock[i], ours, filter].map((v) => v.toFixed(1).padStart(8));
  console.log(`${s.label.padEnd(26)} | ${cells.join(" | ")}`);
}

for (const threads of [1, availableParallelism()]) {
  const status = useNativeKernels(true, threads);
  if (!status.on) {
    console.log(`oneDNN convolutions off: ${status.reason}`);
    break;
  }
  console.log(`\n${status.description}, ms per call (median of 3)`);
  console.log("shape                      | forward |       dx |       dW");
  for (const [i, s] of shapes.entries()) {
    const forward = await time(() => tf.conv2d(data[i].x, data[i].w, s.stride, "same"));
    const cells = [
      forward,
      await time(() => inputGradient(s, data[i])),
      await time(() => filterGradient(s, data[i])),
    ];
    console.log(`${s.label.padEnd(26)} | ${cells.map((v) => v.toFixed(1).padStart(8)).join(" | ")}`);
  }
}
