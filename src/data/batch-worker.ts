/**
 * Batches built on a worker thread, so that building them (shuffle, random crop and flip, normalization: a few ms
 * per batch of 128) never delays a training step: a step that runs synchronously on the main thread (the wasm
 * backend's) would otherwise leave `prefetch`'s same-thread preparation waiting until it ends.
 *
 * The set is copied once into shared memory (cached per set) and read by the thread in place; the thread builds
 * exactly `epochBatches`' batches and keeps at most `ahead` of them ready; each batch's buffers are transferred,
 * not copied. Threads are pooled and unreferenced while idle, so they never keep a process alive.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { FromBatchThread, ToBatchThread } from "./batch-protocol.js";
import type { Batch, BatchOptions } from "./batches.js";
import type { LabeledImages } from "./format.js";

/** How often the consumer found no batch ready (the first batch of a stream is not counted: nothing precedes it). */
export interface BatchStreamStats {
  batches: number;
  waits: number;
  waitMs: number;
}

export interface BatchStream extends AsyncIterable<Batch> {
  readonly stats: BatchStreamStats;
}

interface BatchThread {
  worker: Worker;
  port: MessagePort;
  /** Messages taken off the port, not yet consumed. */
  queue: FromBatchThread[];
  wake?: () => void;
  failure?: Error;
}

const idle: BatchThread[] = [];
const shared = new WeakMap<LabeledImages, LabeledImages>();
let nextStream = 0;

function inSharedMemory(set: LabeledImages): LabeledImages {
  if (set.images.buffer instanceof SharedArrayBuffer) return set;
  let copy = shared.get(set);
  if (!copy) {
    const images = new Uint8Array(new SharedArrayBuffer(set.images.byteLength));
    images.set(set.images);
    const labels = new Uint8Array(new SharedArrayBuffer(set.labels.byteLength));
    labels.set(set.labels);
    copy = { images, labels, count: set.count };
    shared.set(set, copy);
  }
  return copy;
}

function startThread(): BatchThread {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL("./batch-thread.js", import.meta.url), {
    workerData: { port: port2 },
    transferList: [port2],
  });
  const thread: BatchThread = { worker, port: port1, queue: [] };
  const settle = () => {
    thread.wake?.();
    thread.wake = undefined;
  };
  port1.on("message", (message: FromBatchThread) => {
    thread.queue.push(message);
    settle();
  });
  worker.on("error", (error) => {
    thread.failure = error;
    settle();
  });
  worker.on("exit", (code) => {
    thread.failure ??= new Error(`the batch thread exited (code ${code})`);
    settle();
  });
  return thread;
}

function release(thread: BatchThread): void {
  if (thread.failure) return;
  thread.worker.unref();
  thread.port.unref();
  idle.push(thread);
}

/**
 * Epoch `epoch` of `set` in batches (the same as `epochBatches(set, epoch, options)`, byte for byte), built on a
 * worker thread at most `ahead` batches ahead of the consumer. `stats` counts the times the consumer had to wait.
 * @example for await (const batch of workerBatches(train, epoch, { batchSize: 128, augment: true })) step(batch);
 */
export function workerBatches(
  set: LabeledImages,
  epoch: number,
  options: BatchOptions,
  { ahead = 2 }: { ahead?: number } = {},
): BatchStream {
  if (!Number.isInteger(ahead) || ahead < 1) {
    throw new RangeError(`ahead must be an integer ≥ 1 (batches built in advance), got ${ahead}`);
  }
  const stats: BatchStreamStats = { batches: 0, waits: 0, waitMs: 0 };
  async function* stream(): AsyncGenerator<Batch> {
    const thread = idle.pop() ?? startThread();
    thread.worker.ref();
    thread.port.ref();
    const id = ++nextStream;
    const post = (message: ToBatchThread) => thread.worker.postMessage(message);
    post({ kind: "start", id, set: inSharedMemory(set), epoch, options, ahead });
    let ended = false;
    /** The next message of this stream; messages of a stream stopped earlier are dropped. */
    const next = async (): Promise<FromBatchThread> => {
      for (let counted = false; ; ) {
        // batches that arrived while this thread was busy are still on the port: take them without waiting
        for (let m = receiveMessageOnPort(thread.port); m; m = receiveMessageOnPort(thread.port)) {
          thread.queue.push(m.message as FromBatchThread);
        }
        const message = thread.queue.shift();
        if (message) {
          if (message.id === id) return message;
          continue;
        }
        if (thread.failure) throw thread.failure;
        const began = performance.now();
        await new Promise<void>((resolve) => {
          thread.wake = resolve;
        });
        if (stats.batches > 0) {
          if (!counted) stats.waits++;
          counted = true;
          stats.waitMs += performance.now() - began;
        }
      }
    };
    try {
      for (;;) {
        const message = await next();
        if (message.kind === "done") {
          ended = true;
          return;
        }
        if (message.kind === "error") {
          ended = true;
          throw new Error(`building batches failed: ${message.message}`);
        }
        post({ kind: "credit", id });
        stats.batches++;
        yield message.batch;
      }
    } finally {
      if (!ended && !thread.failure) post({ kind: "stop", id });
      release(thread);
    }
  }
  return { stats, [Symbol.asyncIterator]: stream };
}
