import type * as tf from "@tensorflow/tfjs-core";
import { fusedKernelNames } from "../fused-ops.js";
import { batchNormOn, batchNormScratchBytes } from "./batch-norm-module.js";
import { heapOffset, type WasmBackend } from "./heap.js";

/**
 * `ExplrBatchNormForward` and `ExplrBatchNormBackward` (src/backend/fused-ops.ts) for the `wasm` backend in
 * WebAssembly SIMD (batch-norm.wat), in place in tfjs-wasm's memory: one pass to sum and one to write, each way, on
 * one thread, with the numerics of the native addon's kernels, which replace these where the addon runs. The
 * per-channel sums take 24·C bytes of scratch from tfjs-wasm's allocator for the call.
 */

/** x's positions (N·H·W) and channels; x must be NHWC float32 and not empty. */
function positionsAndChannels(x: tf.TensorInfo): [number, number] {
  if (x.shape.length !== 4) throw new RangeError(`BatchNorm kernels take NHWC x; got shape [${x.shape}].`);
  if (x.dtype !== "float32") throw new TypeError(`BatchNorm kernels take float32 x; got ${x.dtype}.`);
  const [n, h, w, c] = x.shape;
  if (n * h * w * c === 0)
    throw new RangeError(`BatchNorm kernels take a non-empty x; got shape [${x.shape}].`);
  return [n * h * w, c];
}

/** tfjs-wasm's memory: its Emscripten module's exports hold it (Module.asm in the build tfjs 4 ships). */
function memoryOf(wasm: WasmBackend): WebAssembly.Memory {
  const memory = wasm.wasm.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new Error(
      "BatchNorm: tfjs-wasm's module exports no memory as Module.asm.memory; has its build changed?",
    );
  }
  return memory;
}

/** Runs `body` with a scratch block for `channels` channels, freed after. */
function withScratch(wasm: WasmBackend, channels: number, body: (scratch: number) => void): void {
  const scratch = wasm.wasm._malloc(batchNormScratchBytes(channels));
  if (scratch === 0) throw new Error("BatchNorm: tfjs-wasm's allocator is out of memory");
  try {
    body(scratch);
  } finally {
    wasm.wasm._free(scratch);
  }
}

const forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const { epsilon, minVariance, relu } = attrs as unknown as {
    epsilon: number;
    minVariance: number;
    relu: boolean;
  };
  const wasm = backend as unknown as WasmBackend;
  const [positions, channels] = positionsAndChannels(x);
  const y = wasm.makeOutput(x.shape, "float32");
  const stats = wasm.makeOutput([3, channels], "float32");
  const [xAt, yAt, statsAt] = [x, y, stats].map((t) => heapOffset(wasm, t));
  withScratch(wasm, channels, (scratch) =>
    batchNormOn(memoryOf(wasm)).forward(
      xAt,
      yAt,
      statsAt,
      scratch,
      positions,
      channels,
      epsilon,
      minVariance,
      relu ? 1 : 0,
    ),
  );
  return [y, stats];
};

const backward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, stats } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo; stats: tf.TensorInfo };
  const { relu } = attrs as unknown as { relu: boolean };
  const wasm = backend as unknown as WasmBackend;
  const [positions, channels] = positionsAndChannels(x);
  if (dy.shape.join() !== x.shape.join() || stats.shape.join() !== `3,${channels}`) {
    throw new RangeError(
      `BatchNorm backward: dy [${dy.shape}] and stats [${stats.shape}] for x [${x.shape}]`,
    );
  }
  const dx = wasm.makeOutput(x.shape, "float32");
  const [xAt, dyAt, statsAt, dxAt] = [x, dy, stats, dx].map((t) => heapOffset(wasm, t));
  withScratch(wasm, channels, (scratch) =>
    batchNormOn(memoryOf(wasm)).backward(
      xAt,
      dyAt,
      statsAt,
      dxAt,
      scratch,
      positions,
      channels,
      relu ? 1 : 0,
    ),
  );
  return dx;
};

/** The WebAssembly SIMD BatchNorm kernels of the `wasm` backend, by kernel name. */
export const wasmBatchNormKernels: Readonly<Record<string, tf.KernelFunc>> = {
  [fusedKernelNames.batchNormForward]: forward,
  [fusedKernelNames.batchNormBackward]: backward,
};
