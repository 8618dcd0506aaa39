import type * as tf from "@tensorflow/tfjs-core";
import { fusedKernelNames } from "../fused-ops.js";
import { heapFloats, type WasmBackend } from "../wasm/heap.js";
import { loadedAddon } from "./addon.js";

/**
 * `ExplrBatchNormForward` and `ExplrBatchNormBackward` (src/backend/fused-ops.ts) for the `wasm` backend through
 * the native addon (native/batch-norm.cc): one multi-threaded pass to sum and one to write, each way, in place in
 * the wasm memory, on the OpenMP threads the convolutions use.
 */

function channelsOf(x: tf.TensorInfo): number {
  if (x.shape.length !== 4) throw new RangeError(`BatchNorm kernels take NHWC x; got shape [${x.shape}].`);
  return x.shape[3];
}

const forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const { epsilon, minVariance, relu } = attrs as unknown as {
    epsilon: number;
    minVariance: number;
    relu: boolean;
  };
  const wasm = backend as unknown as WasmBackend;
  const channels = channelsOf(x);
  const y = wasm.makeOutput(x.shape, "float32");
  const stats = wasm.makeOutput([3, channels], "float32");
  const [xs, ys, ss] = [x, y, stats].map((t) => heapFloats(wasm, t));
  loadedAddon().batchNormForward(xs, ys, ss, channels, epsilon, minVariance, relu);
  return [y, stats];
};

const backward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, stats } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo; stats: tf.TensorInfo };
  const { relu } = attrs as unknown as { relu: boolean };
  const wasm = backend as unknown as WasmBackend;
  const dx = wasm.makeOutput(x.shape, "float32");
  const [xs, dys, ss, dxs] = [x, dy, stats, dx].map((t) => heapFloats(wasm, t));
  loadedAddon().batchNormBackward(xs, dys, ss, dxs, channelsOf(x), relu);
  return dx;
};

/** The native BatchNorm kernels of the `wasm` backend, by kernel name. */
export const nativeBatchNormKernels: Readonly<Record<string, tf.KernelFunc>> = {
  [fusedKernelNames.batchNormForward]: forward,
  [fusedKernelNames.batchNormBackward]: backward,
};
