import * as tf from "@tensorflow/tfjs-core";
import { submitRecordedWork } from "./step-boundary.js";

/** The parts of tfjs-backend-webgpu 4.22's BufferManager that hold released buffers for reuse. */
interface PoolingBufferManager {
  freeBuffers: Map<string, { size: number; destroy(): void }[]>;
  numFreeBuffers: number;
  numBytesAllocated: number;
}

function poolOf(backend: object): PoolingBufferManager | null {
  const manager = (backend as { bufferManager?: Partial<PoolingBufferManager> }).bufferManager;
  if (!(manager?.freeBuffers instanceof Map)) return null;
  if (typeof manager.numFreeBuffers !== "number" || typeof manager.numBytesAllocated !== "number")
    return null;
  return manager as PoolingBufferManager;
}

/**
 * Gives the GPU memory of released tensors back to the device, as `torch.cuda.empty_cache()` does: tfjs's webgpu
 * backend keeps every buffer it releases, by size, for reuse, so its memory only grows to the largest working set
 * seen (a training step and an evaluation of another batch size add up). Work recorded so far is submitted first;
 * buffers still in use are untouched. Returns the bytes freed (0 on other backends).
 * Example: `model.dispose(); emptyGpuCache();` before building a larger model.
 */
export function emptyGpuCache(): number {
  if (tf.getBackend() !== "webgpu") return 0;
  const backend = tf.backend();
  const pool = poolOf(backend);
  if (pool === null) return 0;
  submitRecordedWork();
  let freed = 0;
  for (const buffers of pool.freeBuffers.values()) {
    for (const buffer of buffers) {
      freed += buffer.size;
      buffer.destroy();
    }
    pool.numFreeBuffers -= buffers.length;
    buffers.length = 0;
  }
  pool.numBytesAllocated -= freed;
  return freed;
}
