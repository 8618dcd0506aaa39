import type * as tf from "@tensorflow/tfjs-core";
import { replaceKernels, restoreKernels } from "./kernel-registry.js";
import { nativeBatchNormKernels } from "./native/batch-norm-kernels.js";
import { type NativeConvStatus, nativeConvKernels, startNative } from "./native/conv-kernels.js";
import type { BackendName } from "./select.js";
import { wasmBatchNormKernels } from "./wasm/batch-norm-kernels.js";
import { loadBatchNormModule } from "./wasm/batch-norm-module.js";
import { convGradientKernels } from "./wasm/conv-kernels.js";
import { wasmFusedKernels } from "./wasm/fused-kernels.js";
import { sharedIdentityKernels } from "./wasm/identity.js";
import { webgpuKernels } from "./webgpu/kernels/index.js";

/** A set of explr's kernels, by kernel name, and what it is (for tests and reports). */
export interface KernelLayer {
  name: string;
  kernels: Readonly<Record<string, tf.KernelFunc>>;
}

/** The native addon's kernels for wasm: oneDNN convolutions and BatchNorm. */
const nativeLayer: KernelLayer = {
  name: "native convolutions and BatchNorm",
  kernels: { ...nativeConvKernels, ...nativeBatchNormKernels },
};

/**
 * BatchNorm in WebAssembly SIMD on tfjs-wasm's memory, for wasm without the addon (whose layer, installed after
 * it, replaces these kernels). Left out, and BatchNorm stays tfjs's ops, only where batch-norm.wasm was not built.
 */
const wasmBatchNormLayer: KernelLayer = { name: "wasm BatchNorm (SIMD)", kernels: wasmBatchNormKernels };

/**
 * Which of explr's kernels each backend gets, in the order they are installed: a later layer replaces an earlier
 * one's kernel and falls back to it. `native`: whether explr's native addon runs (wasm only). The `cpu` backend
 * keeps tfjs's kernels: it is the reference every override is checked against; `tensorflow` needs none.
 */
export function kernelOverrides(backend: BackendName, native: boolean): KernelLayer[] {
  if (backend === "webgpu") return [{ name: "webgpu", kernels: webgpuKernels }];
  if (backend === "wasm") {
    const wasm = [
      { name: "wasm convolution gradients", kernels: convGradientKernels },
      { name: "wasm fused ops", kernels: wasmFusedKernels },
      { name: "wasm identity without a copy", kernels: sharedIdentityKernels },
      ...("module" in loadBatchNormModule() ? [wasmBatchNormLayer] : []),
    ];
    return native ? [...wasm, nativeLayer] : wasm;
  }
  return [];
}

/**
 * Installs `kernelOverrides(backend)` (before the backend starts, so that its own registrations do not win) and
 * returns the native addon's status on wasm. Idempotent; on wasm, call again to change the native threads.
 */
export function installKernelOverrides(
  backend: BackendName,
  options: { nativeThreads?: number } = {},
): { native?: NativeConvStatus } {
  const native = backend === "wasm" ? startNative(options.nativeThreads) : undefined;
  for (const layer of kernelOverrides(backend, native?.on ?? false)) replaceKernels(backend, layer.kernels);
  return native === undefined ? {} : { native };
}

/**
 * Turns the native layer of wasm on (loading the addon, with `threads` OpenMP threads: default all cores,
 * `EXPLR_NATIVE_THREADS` overrides) or off, e.g. to compare both paths in one process; the wasm layers below it
 * must be installed. Returns the addon's status (off: why).
 */
export function useNativeKernels(on: boolean, threads?: number): NativeConvStatus {
  if (!on) {
    restoreKernels("wasm", nativeLayer.kernels);
    return { on: false, reason: "turned off" };
  }
  const status = startNative(threads);
  if (status.on) replaceKernels("wasm", nativeLayer.kernels);
  return status;
}
