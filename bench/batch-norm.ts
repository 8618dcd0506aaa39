/**
 * `npm run bench:batchnorm`: one BatchNorm + ReLU layer on wasm, PreResNet-20's shapes at batch 128 (`BENCH_BATCH`):
 * ms of the forward and of forward + backward, best of `BENCH_REPEATS` (default 20) calls, each on a fresh x, for
 * tfjs's small ops (explr's layer without a fused kernel), explr's WebAssembly SIMD kernels, and the native
 * addon's on 1 thread and on all cores where it is built. Prints the load average before and after.
 */
import { availableParallelism, loadavg } from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import { useNativeKernels } from "../src/backend/kernel-overrides.js";
import { replaceKernels, restoreKernels } from "../src/backend/kernel-registry.js";
import { ready } from "../src/backend/select.js";
import { wasmBatchNormKernels } from "../src/backend/wasm/batch-norm-kernels.js";
import { batchNormTraining } from "../src/nn/layers.js";

const batch = Number(process.env.BENCH_BATCH ?? 128);
const repeats = Number(process.env.BENCH_REPEATS ?? 20);
const shapes: [number, number, number, number][] = [
  [batch, 32, 32, 16],
  [batch, 16, 16, 32],
  [batch, 8, 8, 64],
];
const options = { epsilon: 1e-5, minVariance: 1e-30 };
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

await ready({ backend: "wasm", log: () => {} });
console.log(`load average ${load()}`);

/** Best ms of `f(x)` over the repeats, each x a fresh tensor (made outside the timing). */
function best(base: tf.Tensor4D, f: (x: tf.Tensor4D) => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= repeats; i++) {
    const x = tf.add(base, i * 1e-3) as tf.Tensor4D;
    const start = performance.now();
    tf.tidy(() => f(x));
    const ms = performance.now() - start;
    x.dispose();
    if (i > 0) fastest = Math.min(fastest, ms);
  }
  return fastest;
}

const variants: { label: string; use: () => boolean }[] = [
  {
    label: "tfjs ops",
    use: () => {
      useNativeKernels(false);
      restoreKernels("wasm", wasmBatchNormKernels);
      return true;
    },
  },
  {
    label: "wasm SIMD",
    use: () => {
      useNativeKernels(false);
      replaceKernels("wasm", wasmBatchNormKernels);
      return true;
    },
  },
  ...[1, availableParallelism()].map((threads) => ({
    label: `native, ${threads} thread${threads > 1 ? "s" : ""}`,
    use: () => {
      replaceKernels("wasm", wasmBatchNormKernels);
      return useNativeKernels(true, threads).on;
    },
  })),
];

console.log(`ms per call, best of ${repeats}    |  forward | fwd + bwd`);
for (const shape of shapes) {
  const base = tf.randomNormal(shape, 3, 2, "float32", 1) as tf.Tensor4D;
  const dy = tf.randomNormal(shape, 0, 1, "float32", 2) as tf.Tensor4D;
  for (const variant of variants) {
    if (!variant.use()) continue;
    const layer = (x: tf.Tensor) => batchNormTraining(x as tf.Tensor4D, options, { relu: true });
    const forward = best(base, (x) => {
      layer(x);
    });
    const both = best(base, (x) => {
      tf.grad(layer)(x, dy);
    });
    const cells = [forward, both].map((ms) => ms.toFixed(2).padStart(8));
    console.log(`${`[${shape}] ${variant.label}`.padEnd(33)} | ${cells.join(" | ")}`);
  }
  tf.dispose([base, dy]);
}
console.log(`load average ${load()}`);
