import "@tensorflow/tfjs-backend-cpu";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LabeledImages } from "../../src/data/format.js";
import { mulberry32 } from "../../src/random.js";
import type { Experiment } from "../../src/train/experiment.js";

/** Random 32x32 images with labels 0..9 in turn: enough for the loop's bookkeeping, nothing to learn. */
export function randomImages(count: number, seed: number): LabeledImages {
  const random = mulberry32(seed);
  const images = Uint8Array.from({ length: count * 3072 }, () => Math.floor(random() * 256));
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}

/** 12 training images in batches of 4 (3 steps per epoch) and 4 test images: a tiny CNN runs fast on cpu. */
export const tinyData = { train: randomImages(12, 1), test: randomImages(4, 2) };

/** A tiny, fully scale-invariant CNN with Step Decay and WD on the conv weights. */
export function tinyExperiment(overrides: Partial<Experiment> = {}): Experiment {
  return {
    name: "tiny",
    model: { arch: "smallcnn", width: 2, norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 1e-5 },
    data: { dataset: "cifar10", augment: true, batchSize: 4, evalBatchSize: 4 },
    optimizer: {
      lr: { kind: "multiStep", init: 0.1, boundaries: [3], factor: 0.1 },
      momentum: 0.9,
      groups: { "scale-invariant": { weightDecay: 5e-4 } },
    },
    epochs: 2,
    seed: 3,
    evalEvery: 1,
    evalStatistics: "batch",
    ...overrides,
  };
}

export const tempDir = () => mkdtemp(join(tmpdir(), "explr-train-"));
