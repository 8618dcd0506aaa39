import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import type { BackendName } from "../backend/select.js";
import type { Model } from "../nn/model.js";
import type { FromWorker, StepMessage, StepReply, ToWorker } from "./protocol.js";
import { shardRanges, weightedSum } from "./shards.js";

/** Options of `createParallelTrainer`. */
export interface ParallelTrainerOptions {
  /**
   * The model on this thread: its parameters are read at every step and its BatchNorm running statistics are
   * written; its config builds one replica per worker.
   */
  model: Model;
  /** Worker threads, each with its own backend (default 2). 1 keeps whole-batch BatchNorm statistics. */
  workers?: number;
  /** Backend of every worker (default: the one `backend.ready()` picks there, wasm on a CPU). */
  backend?: BackendName;
}

/** One data-parallel step's result; `grads` are keyed by variable name like `tf.variableGrads`' and are the caller's. */
export interface ParallelGradients {
  grads: tf.NamedTensorMap;
  loss: number;
  accuracy: number;
  /** tf.memory().numTensors of each worker after the step. */
  workerTensors: number[];
  workerBytes: number[];
}

/** Data-parallel gradients on worker threads. */
export interface ParallelTrainer {
  readonly workers: number;
  readonly backend: BackendName;
  /**
   * Gradient of the mean loss over the batch at the model's current parameters, as Σ (nᵢ/N)·gᵢ over shards i.
   * Each shard is normalized with its own BatchNorm statistics (like PyTorch DDP without SyncBatchNorm), so with
   * more than one worker the gradient differs from the whole-batch one; the model's running statistics become the
   * nᵢ/N-weighted mean of the shards' updates (with each shard's unbiased variance, nᵢ − 1 in its denominator).
   */
  gradients(images: tf.Tensor4D, labels: tf.Tensor1D): Promise<ParallelGradients>;
  /** Stops the workers. */
  close(): Promise<void>;
}

class Connection {
  private pending: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(readonly worker: Worker) {
    worker.on("message", (message: FromWorker) => this.settle(message, null));
    worker.on("error", (error) => this.settle(null, error));
    worker.on("exit", (code) => this.settle(null, new Error(`worker exited with code ${code}`)));
  }

  private settle(message: FromWorker | null, error: Error | null): void {
    const pending = this.pending;
    this.pending = null;
    if (error !== null) this.failure ??= error;
    if (pending === null) return;
    if (message === null) pending.reject(error as Error);
    else if (message.type === "error") pending.reject(new Error(`parallel worker: ${message.message}`));
    else pending.resolve(message);
  }

  request(message: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.pending !== null)
      throw new Error("a parallel worker got a second request before answering the first");
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message, transfer);
    });
  }
}

/**
 * Starts `workers` threads, each with a replica of `model` on its own tfjs backend, and returns a trainer whose
 * `gradients` splits a batch into contiguous shards, one per worker. Use it with any optimizer on this thread.
 * Example: `const trainer = await createParallelTrainer({ model, workers: 2 });
 * const { grads, loss } = await trainer.gradients(x, y); opt.step(grads); tf.dispose(grads); … await trainer.close();`
 */
export async function createParallelTrainer(options: ParallelTrainerOptions): Promise<ParallelTrainer> {
  const { model } = options;
  const count = options.workers ?? 2;
  shardRanges(count, count);
  const connections = Array.from(
    { length: count },
    () => new Connection(new Worker(new URL("./worker.js", import.meta.url))),
  );
  const close = async () => {
    await Promise.all(connections.map((c) => c.worker.terminate()));
  };
  let backend: BackendName;
  try {
    const replies = await Promise.all(
      connections.map((c) => c.request({ type: "init", config: model.config, backend: options.backend })),
    );
    backend = replies[0].type === "ready" ? replies[0].backend : "cpu";
  } catch (error) {
    await close();
    throw error;
  }
  const variables = model.trainableVariables();
  return {
    workers: count,
    backend,
    async gradients(images, labels) {
      const [n, h, w, c] = images.shape;
      if (labels.shape[0] !== n) {
        throw new RangeError(`gradients: ${n} images but ${labels.shape[0]} labels; give one label each.`);
      }
      const shards = shardRanges(n, count);
      const pixels = images.dataSync() as Float32Array;
      const classes = labels.dataSync() as Int32Array;
      const params = model.params.map((p) => p.variable.dataSync() as Float32Array);
      const buffers = model.buffers.map((b) => b.variable.dataSync() as Float32Array);
      const perImage = h * w * c;
      const replies = (await Promise.all(
        connections.map((connection, i) => {
          const { start, end } = shards[i];
          const message: StepMessage = {
            type: "step",
            params,
            buffers,
            images: pixels.slice(start * perImage, end * perImage),
            shape: [end - start, h, w, c],
            labels: Int32Array.from(classes.subarray(start, end)),
          };
          return connection.request(message, [
            message.images.buffer as ArrayBuffer,
            message.labels.buffer as ArrayBuffer,
          ]);
        }),
      )) as StepReply[];
      const weights = shards.map(({ start, end }) => (end - start) / n);
      const grads: tf.NamedTensorMap = {};
      variables.forEach((v, j) => {
        grads[v.name] = tf.tensor(
          weightedSum(
            replies.map((r) => r.grads[j]),
            weights,
          ),
          v.shape,
        );
      });
      tf.tidy(() => {
        model.buffers.forEach((b, j) => {
          b.variable.assign(
            tf.tensor(
              weightedSum(
                replies.map((r) => r.buffers[j]),
                weights,
              ),
              b.variable.shape,
            ),
          );
        });
      });
      const mean = (key: "loss" | "accuracy") => replies.reduce((s, r, i) => s + weights[i] * r[key], 0);
      return {
        grads,
        loss: mean("loss"),
        accuracy: mean("accuracy"),
        workerTensors: replies.map((r) => r.numTensors),
        workerBytes: replies.map((r) => r.numBytes),
      };
    },
    close,
  };
}
