/** A count of compute dispatches, from `countDispatches()` until `stop()`. */
export interface DispatchCount {
  count(): number;
  stop(): void;
}

/**
 * Counts every compute dispatch recorded from here on, whoever records it (every tfjs program ends in one
 * `dispatchWorkgroups`), by wrapping that method of the WebGPU implementation's compute pass encoder.
 */
export function countDispatches(): DispatchCount {
  const encoder = (globalThis as unknown as { GPUComputePassEncoder: { prototype: Record<string, unknown> } })
    .GPUComputePassEncoder.prototype;
  const original = encoder.dispatchWorkgroups as (...a: number[]) => void;
  let count = 0;
  encoder.dispatchWorkgroups = function (this: unknown, ...a: number[]) {
    count++;
    return original.apply(this, a);
  };
  return { count: () => count, stop: () => (encoder.dispatchWorkgroups = original) };
}
