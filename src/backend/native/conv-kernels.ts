import { availableParallelism } from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import { type Conv2DAttrs, convInfo } from "../conv-geometry.js";
import { replacedKernel } from "../kernel-registry.js";
import { heapOffset, type WasmBackend } from "../wasm/heap.js";
import { loadedAddon, loadNativeAddon, type NativeAddon } from "./addon.js";

/**
 * `Conv2D`, `Conv2DBackpropInput` and `Conv2DBackpropFilter` for the `wasm` backend through explr's oneDNN addon,
 * zero-copy: the addon reads and writes the tensors where the wasm backend keeps them. A case the addon does not
 * cover (dilation, channels-first, non-float32, an empty tensor, padding oneDNN cannot express) goes to the kernel
 * they replaced (src/backend/kernel-registry.ts), so the wasm path stays the reference and the fallback.
 */

/** Whether the native kernels run, and the one line that says so or why not. */
export type NativeConvStatus = { on: true; description: string } | { on: false; reason: string };

/** The geometry the addon takes, or null when oneDNN's output size formula disagrees with tfjs's. */
function geometry(info: tf.backend_util.Conv2DInfo): Int32Array | null {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, filterHeight, filterWidth } = info;
  const { outHeight, outWidth, strideHeight, strideWidth, padInfo } = info;
  const { top, left, bottom, right } = padInfo;
  // oneDNN derives the output size as ⌊(in + pads − k)/s⌋ + 1; tfjs's 'ceil' rounding or odd pads may differ.
  const fits =
    Math.floor((inHeight + top + bottom - filterHeight) / strideHeight) + 1 === outHeight &&
    Math.floor((inWidth + left + right - filterWidth) / strideWidth) + 1 === outWidth;
  const nonEmpty = batchSize * inHeight * inWidth * inChannels * outChannels * outHeight * outWidth > 0;
  if (!fits || !nonEmpty || Math.min(top, left, bottom, right) < 0) return null;
  return Int32Array.of(
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outChannels,
    filterHeight,
    filterWidth,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    top,
    left,
    bottom,
    right,
  );
}

// The dy the last gradient kernel took, and its token. A tensor's data never changes under its dataId, and a dataId
// is never given to another tensor, so one dataId is one content: a layer's input and filter gradients, which take
// the same dy one after the other, convert it once.
let lastDy: tf.DataId | undefined;
let dyToken = 0;

function tokenOf(dy: tf.TensorInfo): number {
  if (dy.dataId !== lastDy) {
    lastDy = dy.dataId;
    dyToken++;
  }
  return dyToken;
}

/** Allocates the output and runs the addon on (in0, in1) → output; the heap is read after the allocation (it may grow). */
function runNative(
  addon: NativeAddon,
  backend: WasmBackend,
  kind: 0 | 1 | 2,
  inputs: [tf.TensorInfo, tf.TensorInfo],
  outShape: number[],
  geo: Int32Array,
): tf.TensorInfo {
  const out = backend.makeOutput(outShape, "float32");
  const offset = (t: tf.TensorInfo) => heapOffset(backend, t);
  const dy = kind === 1 ? inputs[0] : kind === 2 ? inputs[1] : undefined;
  const token = dy === undefined ? 0 : tokenOf(dy);
  addon.conv(
    kind,
    backend.wasm.HEAPU8.buffer,
    [offset(inputs[0]), offset(inputs[1]), offset(out)],
    geo,
    token,
  );
  return out;
}

const isFloat32 = (...tensors: tf.TensorInfo[]) => tensors.every((t) => t.dtype === "float32");
const channelsLast = (attrs: Conv2DAttrs) => (attrs.dataFormat ?? "NHWC") === "NHWC";

const fallback = (name: string, args: Parameters<tf.KernelFunc>[0]) =>
  replacedKernel("wasm", name, nativeConvKernels[name])(args);

/** The three convolution kernels of the `wasm` backend through oneDNN, by kernel name. */
export const nativeConvKernels: Readonly<Record<string, tf.KernelFunc>> = {
  [tf.Conv2D]: (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as Conv2DAttrs & { dilations?: number | [number, number] };
    const dilations = attrs.dilations ?? 1;
    const undilated = [dilations].flat().every((d) => d === 1);
    const info =
      channelsLast(attrs) && undilated && isFloat32(x, filter) && convInfo(x.shape, filter.shape, attrs);
    const geo = info && geometry(info);
    if (!info || !geo) return fallback(tf.Conv2D, args);
    return runNative(
      loadedAddon(),
      args.backend as unknown as WasmBackend,
      0,
      [x, filter],
      info.outShape,
      geo,
    );
  },
  [tf.Conv2DBackpropInput]: (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as Conv2DAttrs & { inputShape: number[] };
    const info =
      channelsLast(attrs) && isFloat32(dy, filter) && convInfo(attrs.inputShape, filter.shape, attrs);
    const geo = info && geometry(info);
    if (!info || !geo) return fallback(tf.Conv2DBackpropInput, args);
    return runNative(
      loadedAddon(),
      args.backend as unknown as WasmBackend,
      1,
      [dy, filter],
      info.inShape,
      geo,
    );
  },
  [tf.Conv2DBackpropFilter]: (args) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as Conv2DAttrs & { filterShape: number[] };
    const info = channelsLast(attrs) && isFloat32(x, dy) && convInfo(x.shape, attrs.filterShape, attrs);
    const geo = info && geometry(info);
    if (!info || !geo) return fallback(tf.Conv2DBackpropFilter, args);
    return runNative(
      loadedAddon(),
      args.backend as unknown as WasmBackend,
      2,
      [x, dy],
      attrs.filterShape,
      geo,
    );
  },
};

/**
 * OpenMP threads of this thread's convolutions: `EXPLR_NATIVE_THREADS`, else `threads`, else all cores. Data-parallel
 * workers pass 1 (each worker is one of several threads already).
 */
function resolveThreads(threads: number | undefined): number {
  const env = process.env.EXPLR_NATIVE_THREADS;
  const chosen = env !== undefined && env !== "" ? Number(env) : (threads ?? availableParallelism());
  if (!Number.isInteger(chosen) || chosen < 1) {
    throw new RangeError(`native convolution threads must be an integer ≥ 1; got ${env ?? threads}.`);
  }
  return chosen;
}

/**
 * Loads the addon and sets this thread's OpenMP threads: whether the native kernels can run, and the line that says
 * how, or why not (no addon, `EXPLR_NATIVE=0`). Call again to change `threads`.
 */
export function startNative(threads?: number): NativeConvStatus {
  const load = loadNativeAddon();
  if ("reason" in load) return { on: false, reason: load.reason };
  const resolved = resolveThreads(threads);
  load.addon.setThreads(resolved);
  const { version, isa } = load.addon.info();
  return {
    on: true,
    description: `oneDNN ${version} convolutions and native BatchNorm (${isa}, ${resolved} thread${resolved > 1 ? "s" : ""})`,
  };
}
