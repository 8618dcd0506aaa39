/** Messages between `workerBatches` and its batch thread. Every stream (one epoch) has its own id. */
import type { Batch, BatchOptions } from "./batches.js";
import type { LabeledImages } from "./format.js";

export type ToBatchThread =
  /** Build `epoch`'s batches of `set` (its images in shared memory), at most `ahead` beyond those consumed. */
  | { kind: "start"; id: number; set: LabeledImages; epoch: number; options: BatchOptions; ahead: number }
  /** The consumer took a batch: one more may be built. */
  | { kind: "credit"; id: number }
  /** The consumer stopped early. */
  | { kind: "stop"; id: number };

export type FromBatchThread =
  | { kind: "batch"; id: number; batch: Batch }
  | { kind: "done"; id: number }
  | { kind: "error"; id: number; message: string };
