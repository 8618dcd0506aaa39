import type * as tf from "@tensorflow/tfjs-core";
import { batchNormBackwardArgs, batchNormForwardArgs } from "../batch-norm-args.js";
import { fusedKernelNames } from "../fused-ops.js";
import { heapFloats, type WasmBackend } from "../wasm/heap.js";
import { loadedAddon } from "./addon.js";

/**
 * `ExplrBatchNormForward` and `ExplrBatchNormBackward` (src/backend/fused-ops.ts) for the `wasm` backend through
 * the native addon (native/batch-norm.cc): one multi-threaded pass to sum and one to write, each way, in place in
 * the wasm memory, on the OpenMP threads the convolutions use.
 */

const forward: tf.KernelFunc = (args) => {
  const { x, channels, epsilon, minVariance, relu } = batchNormForwardArgs(args);
  const wasm = args.backend as unknown as WasmBackend;
  const y = wasm.makeOutput(x.shape, "float32");
  const stats = wasm.makeOutput([3, channels], "float32");
  const [xs, ys, ss] = [x, y, stats].map((t) => heapFloats(wasm, t));
  loadedAddon().batchNormForward(xs, ys, ss, channels, epsilon, minVariance, relu);
  return [y, stats];
};

const backward: tf.KernelFunc = (args) => {
  const { x, dy, stats, channels, relu } = batchNormBackwardArgs(args);
  const wasm = args.backend as unknown as WasmBackend;
  const dx = wasm.makeOutput(x.shape, "float32");
  const [xs, dys, ss, dxs] = [x, dy, stats, dx].map((t) => heapFloats(wasm, t));
  loadedAddon().batchNormBackward(xs, dys, ss, dxs, channels, relu);
  return dx;
};

/** The native BatchNorm kernels of the `wasm` backend, by kernel name. */
export const nativeBatchNormKernels: Readonly<Record<string, tf.KernelFunc>> = {
  [fusedKernelNames.batchNormForward]: forward,
  [fusedKernelNames.batchNormBackward]: backward,
};
