/** Data-parallel gradients: a batch split in shards, each shard's gradients on a worker thread, averaged. */
export { type Shard, shardRanges, weightedSum } from "./shards.js";
export {
  createParallelTrainer,
  type ParallelGradients,
  type ParallelTrainer,
  type ParallelTrainerOptions,
} from "./trainer.js";
