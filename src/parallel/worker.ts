/**
 * A data-parallel worker thread: one tfjs backend and one model replica; for each shard it loads the parameters and
 * BatchNorm buffers it is sent, runs forward and backward, and sends back gradients and its updated buffers.
 */
import { parentPort } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { ready } from "../backend/select.js";
import { buildModel, type Model } from "../nn/model.js";
import type { FromWorker, StepMessage, StepReply, ToWorker } from "./protocol.js";

if (parentPort === null) throw new Error("src/parallel/worker.js runs only as a worker thread.");
const port = parentPort;
let model: Model | null = null;

function step(message: StepMessage, replica: Model): StepReply {
  tf.tidy(() => {
    replica.params.forEach((p, i) => {
      p.variable.assign(tf.tensor(message.params[i], p.variable.shape));
    });
    replica.buffers.forEach((b, i) => {
      b.variable.assign(tf.tensor(message.buffers[i], b.variable.shape));
    });
  });
  const variables = replica.trainableVariables();
  const out = tf.tidy(() => {
    const images = tf.tensor4d(message.images, message.shape);
    const labels = tf.tensor1d(message.labels, "int32");
    let accuracy: tf.Scalar | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const result = replica.lossAndAccuracy(images, labels, { training: true });
      // variableGrads runs f in a tidy that would free the accuracy; keep it and free it below.
      accuracy = tf.keep(result.accuracy);
      return result.loss;
    }, variables);
    return {
      loss: value,
      accuracy: accuracy as unknown as tf.Scalar,
      grads: variables.map((v) => grads[v.name]),
    };
  });
  const reply: StepReply = {
    type: "step",
    // Copies: the cpu backend hands out its own storage, which must not be transferred away.
    grads: out.grads.map((g) => new Float32Array(g.dataSync())),
    buffers: replica.buffers.map((b) => new Float32Array(b.variable.dataSync())),
    loss: out.loss.dataSync()[0],
    accuracy: out.accuracy.dataSync()[0],
    numTensors: 0,
    numBytes: 0,
  };
  tf.dispose([out.loss, out.accuracy, ...out.grads]);
  const memory = tf.memory();
  reply.numTensors = memory.numTensors;
  reply.numBytes = memory.numBytes;
  return reply;
}

async function handle(message: ToWorker): Promise<void> {
  if (message.type === "init") {
    // One convolution thread per worker: the workers themselves are the parallelism (EXPLR_NATIVE_THREADS overrides).
    const choice = await ready({ backend: message.backend, nativeThreads: 1, log: () => {} });
    model = buildModel(message.config);
    port.postMessage({ type: "ready", backend: choice.backend } satisfies FromWorker);
  } else {
    if (model === null) throw new Error("step before init");
    const reply = step(message, model);
    port.postMessage(
      reply,
      [...reply.grads, ...reply.buffers].map((a) => a.buffer as ArrayBuffer),
    );
  }
}

port.on("message", (message: ToWorker) => {
  handle(message).catch((error: unknown) => {
    port.postMessage({ type: "error", message: (error as Error).message } satisfies FromWorker);
  });
});
