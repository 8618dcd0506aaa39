import { seededRandom } from "../random.js";
import { type Matrix, matrix } from "./matrix.js";
import type { Batch } from "./train.js";

export interface SyntheticTask {
  /** The whole data set. */
  data: Batch;
  /** Minibatches drawn with replacement, one per step: a fixed noise sequence. */
  batches: Batch[];
}

/**
 * A small classification task for the reference network: Gaussian inputs, labels from a random linear teacher,
 * and a fixed, seeded sequence of minibatches so that two runs see exactly the same gradient noise.
 */
export function syntheticTask(options: {
  samples: number;
  inputs: number;
  classes: number;
  batchSize: number;
  steps: number;
  seed?: number;
}): SyntheticTask {
  const { samples, inputs, classes, batchSize, steps, seed = 0 } = options;
  if (batchSize < 2)
    throw new RangeError(`syntheticTask: batchSize must be ≥ 2 for batch statistics, got ${batchSize}`);
  const random = seededRandom(seed);
  const x = matrix(samples, inputs, Float64Array.from({ length: samples * inputs }, random.normal));
  const teacher = Float64Array.from({ length: inputs * classes }, random.normal);
  const labels = Int32Array.from({ length: samples }, (_, n) => {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let i = 0; i < inputs; i++) score += x.data[n * inputs + i] * teacher[i * classes + c];
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return best;
  });
  const batches = Array.from({ length: steps }, () => {
    const picks = Array.from({ length: batchSize }, () => random.int(samples));
    return { x: rows(x, picks), labels: Int32Array.from(picks, (n) => labels[n]) };
  });
  return { data: { x, labels }, batches };
}

function rows(m: Matrix, picks: readonly number[]): Matrix {
  const out = matrix(picks.length, m.cols);
  picks.forEach((n, r) => {
    out.data.set(m.data.subarray(n * m.cols, (n + 1) * m.cols), r * m.cols);
  });
  return out;
}
