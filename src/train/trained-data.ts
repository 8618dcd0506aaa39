/**
 * What a run really trained and tested on, as its history records it: where the images came from, how many of each
 * class, and a SHA-256 of the images and labels, so two histories say whether they saw the same data. Images given to
 * `train()` must agree with the per-class counts the experiment states, so the saved experiment never misdescribes
 * its data.
 */
import { createHash } from "node:crypto";
import type { LabeledImages } from "../data/format.js";
import { classCounts } from "../data/subset.js";
import type { DataJSON } from "./experiment.js";

export interface DataDigest {
  count: number;
  /** Images per class, by label. */
  perClass: number[];
  /** SHA-256 (hex) of the images' bytes, then the labels'. */
  sha256: string;
}

export interface TrainedData {
  /** `cifar10`: loaded as `experiment.data` says; `given`: passed to `train()` as `options.data`. */
  source: "cifar10" | "given";
  train: DataDigest;
  test: DataDigest;
}

export function digestOf(set: LabeledImages): DataDigest {
  const hash = createHash("sha256");
  hash.update(set.images);
  hash.update(set.labels);
  return { count: set.count, perClass: classCounts(set.labels), sha256: hash.digest("hex") };
}

/**
 * The record of `data`; for given data, first checks it against the experiment's `trainPerClass` and
 * `testPerClass` (when stated): a mismatch throws a RangeError naming both.
 */
export function describeTrainedData(
  data: { train: LabeledImages; test: LabeledImages },
  stated: DataJSON,
  source: TrainedData["source"],
): TrainedData {
  const record: TrainedData = { source, train: digestOf(data.train), test: digestOf(data.test) };
  if (source === "given") {
    for (const [split, field] of [
      ["train", "trainPerClass"],
      ["test", "testPerClass"],
    ] as const) {
      const perClass = stated[field];
      const found = record[split].perClass;
      if (perClass !== undefined && found.some((count) => count !== perClass)) {
        throw new RangeError(
          `train(experiment, { data }): experiment.data.${field} is ${perClass}, but the given ${split} images ` +
            `have ${found.join(", ")} per class; make the experiment say what trains (or leave ${field} out)`,
        );
      }
    }
  }
  return record;
}
