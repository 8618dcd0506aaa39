import type * as tf from "@tensorflow/tfjs-core";

/** The parts of tfjs-backend-wasm's BackendWasm that explr's wasm kernels use. */
export interface WasmBackend {
  /** tfjs's DataStorage: `get` moves a tensor held by another backend into this one first. */
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } };
  wasm: {
    HEAPU8: Uint8Array;
    /** The Emscripten module's exports: its memory is the one tensors live in (not shared in Node). */
    asm: { memory: WebAssembly.Memory };
    _malloc(bytes: number): number;
    _free(offset: number): void;
  };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Byte offset of tensor `t` in the wasm backend's memory. */
export function heapOffset(backend: WasmBackend, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/**
 * The float32 elements of `t` in place in the wasm memory. Take views after the kernel's last `makeOutput`: an
 * allocation may grow the memory, which detaches every earlier view.
 */
export function heapFloats(backend: WasmBackend, t: tf.TensorInfo): Float32Array {
  const size = t.shape.reduce((p, d) => p * d, 1);
  return new Float32Array(backend.wasm.HEAPU8.buffer, heapOffset(backend, t), size);
}
