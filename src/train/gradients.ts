/**
 * Where a training step's gradients come from: this thread (the default), or data-parallel worker threads
 * (`Experiment.parallel`), each with its own backend and a replica of the model.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { BackendName } from "../backend/select.js";
import type { Model } from "../nn/model.js";
import { createParallelTrainer } from "../parallel/trainer.js";

export interface StepGradients {
  /** Gradients of the moving variables, keyed by variable name; the caller disposes them. */
  grads: tf.NamedTensorMap;
  /** [loss, accuracy] of the batch, read back by the caller together with whatever else it needs. */
  metrics: tf.Tensor1D;
}

export interface GradientSource {
  compute(images: tf.Tensor4D, labels: tf.Tensor1D): Promise<StepGradients>;
  close(): Promise<void>;
}

/** Gradients on this thread, through `tf.variableGrads`. */
export function localGradients(model: Model, moving: tf.Variable[]): GradientSource {
  return {
    async compute(images, labels) {
      let accuracy: tf.Scalar | undefined;
      const { grads, value } = tf.variableGrads(() => {
        const r = model.lossAndAccuracy(images, labels, { training: true });
        accuracy = tf.keep(r.accuracy);
        return r.loss;
      }, moving);
      const metrics = tf.stack([value, accuracy as tf.Scalar]) as tf.Tensor1D;
      tf.dispose([value, accuracy as tf.Scalar]);
      return { grads, metrics };
    },
    async close() {},
  };
}

/**
 * Gradients from `workers` threads, each computing its shard of the batch (see `createParallelTrainer`): BatchNorm
 * normalizes each shard with its own statistics, and the model's running statistics become the shards' mean.
 */
export async function parallelGradients(
  model: Model,
  moving: tf.Variable[],
  workers: number,
  backend: BackendName,
): Promise<GradientSource> {
  const trainer = await createParallelTrainer({ model, workers, backend });
  const names = new Set(moving.map((v) => v.name));
  return {
    async compute(images, labels) {
      const { grads, loss, accuracy } = await trainer.gradients(images, labels);
      // frozen groups' gradients are computed by the workers but never applied
      for (const [name, grad] of Object.entries(grads)) {
        if (names.has(name)) continue;
        grad.dispose();
        delete grads[name];
      }
      return { grads, metrics: tf.tensor1d([loss, accuracy]) };
    },
    close: () => trainer.close(),
  };
}
