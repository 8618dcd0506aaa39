import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { read, readAndDispose } from "../../src/backend/read.js";

test("read gives a tensor's values and leaves the tensor", async () => {
  await tf.setBackend("cpu");
  const t = tf.tensor1d([1, 2.5, -3]);
  assert.deepEqual(Array.from(await read(t)), [1, 2.5, -3]);
  assert.equal(t.isDisposed, false);
  t.dispose();
});

test("readAndDispose frees the result and every intermediate, also when reading fails", async () => {
  await tf.setBackend("cpu");
  const x = tf.tensor1d([1, 2, 3]);
  const before = tf.memory().numTensors;
  assert.deepEqual(Array.from(await readAndDispose(() => tf.sum(tf.square(x)))), [14]);
  assert.equal(tf.memory().numTensors, before);
  const unreadable = tf.tensor1d([1]);
  Object.defineProperty(unreadable, "data", { value: () => Promise.reject(new Error("device lost")) });
  await assert.rejects(
    readAndDispose(() => unreadable),
    /device lost/,
  );
  assert.equal(unreadable.isDisposed, true);
  x.dispose();
});
