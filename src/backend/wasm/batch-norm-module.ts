import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Loads explr's WebAssembly SIMD BatchNorm (batch-norm.wat, assembled by scripts/build-wasm.mjs into
 * batch-norm.wasm next to this module) and instantiates it on tfjs-wasm's own memory, so that it works on tensors
 * in place. `batch-norm-kernels.ts` turns it into tfjs kernels.
 */

/** The module's exports: byte offsets in the memory; P positions of C channels, both at least 1. */
export interface BatchNormExports {
  /** y [P, C] and stats [3, C] = (μ, r, unbiased σ²) from x [P, C]; ReLU if `relu` is 1. */
  forward(
    x: number,
    y: number,
    stats: number,
    scratch: number,
    positions: number,
    channels: number,
    epsilon: number,
    minVariance: number,
    relu: number,
  ): void;
  /** dx [P, C] from x, dy and the forward's stats. */
  backward(
    x: number,
    dy: number,
    stats: number,
    dx: number,
    scratch: number,
    positions: number,
    channels: number,
    relu: number,
  ): void;
}

/** Bytes of scratch either function needs for `channels` channels (f64 sums, then f32 means), 8-aligned. */
export function batchNormScratchBytes(channels: number): number {
  return 24 * channels;
}

const wasmFile = new URL("./batch-norm.wasm", import.meta.url);

let compiled: { module: WebAssembly.Module } | { reason: string } | undefined;

/** The compiled module (once per thread), or why it cannot be had. */
export function loadBatchNormModule(): { module: WebAssembly.Module } | { reason: string } {
  compiled ??= compile();
  return compiled;
}

function compile(): { module: WebAssembly.Module } | { reason: string } {
  if (!existsSync(wasmFile))
    return { reason: `${fileURLToPath(wasmFile)} is missing (npm run build assembles it)` };
  try {
    return { module: new WebAssembly.Module(new Uint8Array(readFileSync(wasmFile))) };
  } catch (error) {
    return { reason: `batch-norm.wasm does not load: ${(error as Error).message}` };
  }
}

/** One instance per memory: a memory that grows stays the same object, so its instance stays valid. */
const instances = new WeakMap<WebAssembly.Memory, BatchNormExports>();

/** The module instantiated on `memory` (tfjs-wasm's); throws where it cannot be loaded. */
export function batchNormOn(memory: WebAssembly.Memory): BatchNormExports {
  let exports = instances.get(memory);
  if (exports === undefined) {
    const load = loadBatchNormModule();
    if ("reason" in load) throw new Error(`explr's wasm BatchNorm is unavailable: ${load.reason}`);
    const instance = new WebAssembly.Instance(load.module, { env: { memory } });
    exports = instance.exports as unknown as BatchNormExports;
    instances.set(memory, exports);
  }
  return exports;
}
