import * as tf from "@tensorflow/tfjs-core";

/** A deterministic NHWC batch of small images and labels. */
export function batch(n: number, size = 8): { x: tf.Tensor4D; labels: tf.Tensor1D } {
  const values = Float32Array.from(
    { length: n * size * size * 3 },
    (_, i) => Math.sin(i * 0.731) + 0.3 * Math.cos(i),
  );
  const x = tf.tensor4d(values, [n, size, size, 3]);
  const labels = tf.tensor1d(
    Array.from({ length: n }, (_, i) => (i * 7) % 10),
    "int32",
  );
  return { x, labels };
}
