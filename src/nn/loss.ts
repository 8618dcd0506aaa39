import * as tf from "@tensorflow/tfjs-core";

/**
 * Mean softmax cross-entropy L = −(1/N) Σ_n log softmax(z_n)[y_n] and accuracy (1/N) Σ_n [argmax z_n = y_n].
 * `labels` are class indices (int32 [N]). Example: `const { loss, accuracy } = softmaxCrossEntropy(logits, y);`
 */
export function softmaxCrossEntropy(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  const [n, classes] = logits.shape;
  if (labels.shape[0] !== n) {
    throw new RangeError(
      `softmaxCrossEntropy: ${n} logits rows but ${labels.shape[0]} labels; pass one per row.`,
    );
  }
  return tf.tidy(() => {
    const oneHot = tf.oneHot(tf.cast(labels, "int32"), classes);
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1))) as tf.Scalar;
    const accuracy = tf.mean(
      tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, "int32")), "float32"),
    ) as tf.Scalar;
    return { loss, accuracy };
  });
}
