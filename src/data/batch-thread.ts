/**
 * The worker side of `workerBatches`: builds an epoch's batches with `epochBatches` (the same code as on the main
 * thread, so the same bytes) and posts each one as soon as the consumer has room for it, transferring its buffers.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { FromBatchThread, ToBatchThread } from "./batch-protocol.js";
import { type Batch, epochBatches } from "./batches.js";

if (!parentPort) throw new Error("batch-thread.js runs as a worker thread of workerBatches()");
const main = parentPort;
/** Where batches go: a port of their own, which the consumer can also read synchronously. */
const out = (workerData as { port: MessagePort }).port;

let stream: { id: number; batches: Iterator<Batch>; credit: number } | undefined;

function produce(): void {
  while (stream && stream.credit > 0) {
    const { id } = stream;
    let next: IteratorResult<Batch>;
    try {
      next = stream.batches.next();
    } catch (error) {
      stream = undefined;
      out.postMessage({ kind: "error", id, message: (error as Error).message } satisfies FromBatchThread);
      return;
    }
    if (next.done) {
      stream = undefined;
      out.postMessage({ kind: "done", id } satisfies FromBatchThread);
      return;
    }
    stream.credit--;
    const batch = next.value;
    const message: FromBatchThread = { kind: "batch", id, batch };
    out.postMessage(message, [batch.images.buffer as ArrayBuffer, batch.labels.buffer as ArrayBuffer]);
  }
}

main.on("message", (message: ToBatchThread) => {
  if (message.kind === "start") {
    const { id, set, epoch, options, ahead } = message;
    stream = { id, batches: epochBatches(set, epoch, options), credit: ahead };
  } else if (message.kind === "credit") {
    if (stream?.id === message.id) stream.credit++;
  } else if (stream?.id === message.id) {
    stream = undefined; // stopped early
  }
  produce();
});
