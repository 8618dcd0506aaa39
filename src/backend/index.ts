/**
 * TensorFlow.js backends: which one starts (`ready`, `readyGpu`), and the kernels explr gives them, listed in one
 * table (`kernel-overrides.ts`) and kept one room each: `wasm/` (convolution gradients as forward convolutions, flat
 * SGD, BatchNorm in WebAssembly SIMD), `native/` (oneDNN convolutions and BatchNorm on the wasm backend's memory,
 * through the optional addon), `webgpu/` (Dawn's adapter, explr's kernels in `kernels/`, and the machinery that
 * makes dispatches cheap). `fused-ops.ts` names the fused ops the network code asks for.
 */
export {
  installKernelOverrides,
  type KernelLayer,
  kernelOverrides,
  useNativeKernels,
} from "./kernel-overrides.js";
export { replacedKernel, replaceKernels, restoreKernels } from "./kernel-registry.js";
export { type KernelTime, type KernelTimer, timeKernels } from "./kernel-timing.js";
export type { NativeConvStatus } from "./native/conv-kernels.js";
export {
  type BackendChoice,
  type BackendName,
  type BackendOptions,
  backendNames,
  ready,
  readyGpu,
  registerGradients,
} from "./select.js";
export { conv2dFilterGradient, conv2dInputGradient, convGradientKernels } from "./wasm/conv-kernels.js";
export { emptyGpuCache } from "./webgpu/buffer-pool.js";
export { GpuError } from "./webgpu/device-errors.js";
export { installWebgpu, type WebgpuAdapterChoice, type WebgpuDevice } from "./webgpu/install.js";
