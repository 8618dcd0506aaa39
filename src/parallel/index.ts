export { type Shard, shardRanges, weightedSum } from "./shards.js";
export {
  createParallelTrainer,
  type ParallelGradients,
  type ParallelTrainer,
  type ParallelTrainerOptions,
} from "./trainer.js";
