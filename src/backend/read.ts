import * as tf from "@tensorflow/tfjs-core";

/**
 * Reads a tensor asynchronously: webgpu in Node cannot read synchronously. The values stay cached on the CPU, so a
 * later synchronous read of the same tensor (the optimizer's `save`) works everywhere.
 */
export async function read(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
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
