import type { BackendName } from "../backend/select.js";
import type { ModelConfig } from "../nn/config.js";

/** The first message to a worker: which replica to build and on which backend. */
export interface InitMessage {
  type: "init";
  config: ModelConfig;
  backend?: BackendName;
}

/** One shard of a step: every parameter and BatchNorm buffer (in the model's order), images NHWC and labels. */
export interface StepMessage {
  type: "step";
  params: Float32Array[];
  buffers: Float32Array[];
  images: Float32Array;
  shape: [number, number, number, number];
  labels: Int32Array;
}

/** Messages to a worker; it is stopped with `worker.terminate()`, which frees its whole backend. */
export type ToWorker = InitMessage | StepMessage;

/** A worker's answer to a step: gradients of the trainable parameters, its updated buffers, shard loss/accuracy. */
export interface StepReply {
  type: "step";
  grads: Float32Array[];
  buffers: Float32Array[];
  loss: number;
  accuracy: number;
  /** tf.memory() of the worker after the step, to check that nothing leaks. */
  numTensors: number;
  numBytes: number;
}

export type FromWorker =
  | { type: "ready"; backend: BackendName }
  | StepReply
  | { type: "error"; message: string };
