import assert from "node:assert/strict";
import { test } from "node:test";
import { describeTrainedData, digestOf } from "../../src/train/trained-data.js";
import { randomImages } from "./fixture.js";

const stated = { dataset: "cifar10" as const, augment: false, batchSize: 4 };

test("a digest counts the images per class and changes with any byte of an image or a label", () => {
  const images = randomImages(20, 1);
  const digest = digestOf(images);
  assert.equal(digest.count, 20);
  assert.deepEqual(digest.perClass, Array(10).fill(2));
  assert.match(digest.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(digestOf(randomImages(20, 1)), digest, "the same images, the same digest");
  const pixel = randomImages(20, 1);
  pixel.images[5000] ^= 1;
  assert.notEqual(digestOf(pixel).sha256, digest.sha256);
  const label = randomImages(20, 1);
  label.labels[0] = 3;
  assert.notEqual(digestOf(label).sha256, digest.sha256);
});

test("given images must have the per-class counts the experiment states, split by split", () => {
  const data = { train: randomImages(20, 1), test: randomImages(10, 2) };
  const record = describeTrainedData(data, { ...stated, trainPerClass: 2, testPerClass: 1 }, "given");
  assert.equal(record.source, "given");
  assert.deepEqual(record.train, digestOf(data.train));
  assert.doesNotThrow(
    () => describeTrainedData(data, stated, "given"),
    "nothing stated, nothing to contradict",
  );
  assert.throws(
    () => describeTrainedData(data, { ...stated, trainPerClass: 50 }, "given"),
    /data.trainPerClass is 50, but the given train images have 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 per class/,
  );
  assert.throws(
    () => describeTrainedData(data, { ...stated, testPerClass: 2 }, "given"),
    /data.testPerClass is 2, but the given test images have 1, 1/,
  );
});
