import type * as tf from "@tensorflow/tfjs-core";
import { batchNormBackwardArgs, batchNormForwardArgs } from "../batch-norm-args.js";
import { fusedKernelNames } from "../fused-ops.js";
import { batchNormOn, batchNormScratchBytes } from "./batch-norm-module.js";
import { heapOffset, type WasmBackend } from "./heap.js";

/**
 * `ExplrBatchNormForward` and `ExplrBatchNormBackward` (src/backend/fused-ops.ts) for the `wasm` backend in
 * WebAssembly SIMD (batch-norm.wat), in place in tfjs-wasm's memory: one pass to sum and one to write, each way, on
 * one thread, with the numerics of the native addon's kernels, which replace these where the addon runs. The
 * per-channel sums take 24·C bytes of scratch from tfjs-wasm's allocator for the call.
 */

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

const forward: tf.KernelFunc = (args) => {
  const { x, positions, channels, epsilon, minVariance, relu } = batchNormForwardArgs(args);
  const wasm = args.backend as unknown as WasmBackend;
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

const backward: tf.KernelFunc = (args) => {
  const { x, dy, stats, positions, channels, relu } = batchNormBackwardArgs(args);
  const wasm = args.backend as unknown as WasmBackend;
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
