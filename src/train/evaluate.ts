import * as tf from "@tensorflow/tfjs-core";
import { readAndDispose } from "../backend/read.js";
import { emptyGpuCache } from "../backend/webgpu/buffer-pool.js";
import { epochBatches } from "../data/batches.js";
import type { LabeledImages } from "../data/format.js";
import type { Model } from "../nn/model.js";
import { batchTensors } from "./batch-tensors.js";

/** Mean loss and accuracy on `set`, BatchNorm with running or batch statistics (running ones are not updated). */
export async function evaluate(
  model: Model,
  set: LabeledImages,
  batchSize: number,
  batchStatistics: boolean,
) {
  let loss = 0;
  let accuracy = 0;
  // On a GPU, tfjs keeps released buffers by exact size for reuse, so training's batches and evaluation's would each
  // hold their own pool; handing each phase's back before the other starts keeps the peak at the larger of the two.
  emptyGpuCache();
  for (const batch of epochBatches(set, 0, { batchSize, shuffle: false })) {
    const { x, y } = batchTensors(batch);
    const values = await readAndDispose(() => {
      const r = model.lossAndAccuracy(x, y, { training: batchStatistics, updateStats: false });
      return tf.stack([r.loss, r.accuracy]);
    });
    tf.dispose([x, y]);
    loss += values[0] * batch.size;
    accuracy += values[1] * batch.size;
  }
  emptyGpuCache();
  return { testLoss: loss / set.count, testAccuracy: accuracy / set.count };
}
