import type * as tf from "@tensorflow/tfjs-core";

/** The parts of tfjs-backend-wasm's BackendWasm that explr's wasm kernels use. */
export interface WasmBackend {
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  wasm: { HEAPU8: Uint8Array };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Byte offset of tensor `t` in the wasm backend's memory. */
export function heapOffset(backend: WasmBackend, t: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (data === undefined) throw new Error("explr wasm kernel: a tensor is not on the wasm backend");
  return data.memoryOffset;
}

/**
 * The float32 elements of `t` in place in the wasm memory. Take views after the kernel's last `makeOutput`: an
 * allocation may grow the memory, which detaches every earlier view.
 */
export function heapFloats(backend: WasmBackend, t: tf.TensorInfo): Float32Array {
  const size = t.shape.reduce((p, d) => p * d, 1);
  return new Float32Array(backend.wasm.HEAPU8.buffer, heapOffset(backend, t), size);
}
