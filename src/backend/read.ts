import * as tf from "@tensorflow/tfjs-core";
import { throwIfGpuFailed } from "./webgpu/device-errors.js";

/**
 * Reads a tensor asynchronously: webgpu in Node cannot read synchronously. The values stay cached on the CPU, so a
 * later synchronous read of the same tensor (the optimizer's `save`) works everywhere. Throws a `GpuError` instead
 * of returning values when the GPU reported a failure since the last check (the values would be invalid).
 */
export async function read(t: tf.Tensor): Promise<Float32Array> {
  // Only a tensor on the GPU can carry its failures (another backend may run after the GPU was lost).
  const onGpu = tf.getBackend() === "webgpu";
  let values: Float32Array;
  try {
    values = (await t.data()) as Float32Array;
  } catch (error) {
    // A failed read of a buffer the GPU could not make says nothing (an empty message); its cause does.
    if (onGpu) throwIfGpuFailed();
    throw error;
  }
  if (onGpu) throwIfGpuFailed();
  return values;
}

/** Reads a tidy's result and frees it. */
export async function readAndDispose(make: () => tf.Tensor): Promise<Float32Array> {
  const t = tf.tidy(make);
  try {
    return await read(t);
  } finally {
    t.dispose();
  }
}
