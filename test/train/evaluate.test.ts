import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { epochBatches } from "../../src/data/batches.js";
import { buildModel } from "../../src/nn/model.js";
import { batchTensors } from "../../src/train/batch-tensors.js";
import { evaluate } from "../../src/train/evaluate.js";
import { randomImages, tinyExperiment } from "./fixture.js";

test("evaluation in batches gives the set's mean loss and accuracy, whatever the batch size", async () => {
  await tf.setBackend("cpu");
  const model = buildModel(tinyExperiment().model);
  const set = randomImages(7, 5);
  const [batch] = [...epochBatches(set, 0, { batchSize: set.count, shuffle: false })];
  const whole = batchTensors(batch);
  const expected = tf.tidy(() => {
    const r = model.lossAndAccuracy(whole.x, whole.y, { training: false, updateStats: false });
    return [r.loss.dataSync()[0], r.accuracy.dataSync()[0]];
  });
  tf.dispose([whole.x, whole.y]);
  const before = tf.memory().numTensors;
  for (const batchSize of [1, 3, 7]) {
    const result = await evaluate(model, set, batchSize, false);
    assert.ok(Math.abs(result.testLoss - expected[0]) < 1e-5, `batch ${batchSize}: ${result.testLoss}`);
    assert.ok(Math.abs(result.testAccuracy - expected[1]) < 1e-6, `batch ${batchSize}`);
  }
  assert.equal(tf.memory().numTensors, before, "evaluation leaves no tensor behind");
});

test("a batch becomes NHWC float32 images and int32 labels", () => {
  const { x, y } = batchTensors({ images: new Float32Array(2 * 3072), labels: Uint8Array.of(3, 9), size: 2 });
  assert.deepEqual([x.shape, x.dtype, y.shape, y.dtype], [[2, 32, 32, 3], "float32", [2], "int32"]);
  assert.deepEqual([...y.dataSync()], [3, 9]);
  tf.dispose([x, y]);
});
