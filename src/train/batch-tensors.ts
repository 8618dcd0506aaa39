import * as tf from "@tensorflow/tfjs-core";
import { CHANNELS, IMAGE_SIZE } from "../data/format.js";

/** A batch of images and labels as the tensors a model takes: NHWC float32 images, int32 labels. */
export function batchTensors(batch: { images: Float32Array | Uint8Array; labels: Uint8Array; size: number }) {
  return {
    x: tf.tensor4d(batch.images as Float32Array, [batch.size, IMAGE_SIZE, IMAGE_SIZE, CHANNELS]),
    y: tf.tensor1d(Int32Array.from(batch.labels), "int32"),
  };
}
