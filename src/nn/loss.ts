import * as tf from "@tensorflow/tfjs-core";
import { axpby } from "../backend/fused-ops.js";

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
    // Cast rather than oneHot's dtype argument, which tfjs-backend-wasm 4.22 ignores (it writes int32 bits).
    const oneHot = tf.cast(tf.oneHot(tf.cast(labels, "int32"), classes), "float32");
    const loss = crossEntropy(logits, oneHot);
    const accuracy = tf.mean(
      tf.cast(tf.equal(tf.argMax(logits, 1), tf.cast(labels, "int32")), "float32"),
    ) as tf.Scalar;
    return { loss, accuracy };
  });
}

/**
 * −(1/N) Σ oneHot·log softmax(z), with the gradient (softmax(z) − oneHot)·dL/N written out: tfjs's chain through
 * mean, sum and logSoftmax builds tensors of ones on the CPU and uploads them every step.
 */
function crossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor): tf.Scalar {
  const n = logits.shape[0];
  const loss = tf.customGrad(((z: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const logProbabilities = tf.logSoftmax(z);
    // Saved, so that the engine keeps it until the backward pass (the caller's tidy would dispose it before).
    save([logProbabilities, oneHot]);
    return {
      value: tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProbabilities), 1))),
      gradFunc: (dy: tf.Scalar, [savedLogProbabilities, savedOneHot]: tf.Tensor[]) =>
        tf.mul(axpby(1 / n, tf.exp(savedLogProbabilities), -1 / n, savedOneHot), dy),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return loss(logits) as tf.Scalar;
}
