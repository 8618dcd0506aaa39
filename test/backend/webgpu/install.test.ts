import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { ready } from "../../../src/backend/select.js";
import type { ModelConfig } from "../../../src/nn/config.js";
import { buildModel } from "../../../src/nn/model.js";

const config: ModelConfig = {
  arch: "smallcnn",
  norm: "batch",
  affine: "learnable",
  output: "learnable",
  bnEpsilon: 1e-5,
  width: 4,
};

/** Loss and every trainable parameter's gradient on the current backend, read asynchronously (webgpu needs it). */
async function lossAndGradients(): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  const model = buildModel(config);
  const x = tf.tensor4d(
    Float32Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => Math.sin(i * 0.77)),
    [2, 8, 8, 3],
  );
  const labels = tf.tensor1d([3, 7], "int32");
  const { value, grads } = tf.variableGrads(
    () => model.lossAndAccuracy(x, labels, { training: true }).loss,
    model.trainableVariables(),
  );
  const result = new Map<string, Float32Array>();
  for (const p of model.params) result.set(p.name, (await grads[p.variable.name].data()) as Float32Array);
  const loss = (await value.data())[0];
  tf.dispose([value, x, labels, ...Object.values(grads)]);
  model.dispose();
  return { loss, grads: result };
}

describe("webgpu through Dawn", () => {
  let device = "";
  before(async () => {
    device = (await ready({ backend: "webgpu", log: () => {} })).device ?? "";
    await import("@tensorflow/tfjs-backend-cpu");
  });

  it("reports the adapter it runs on", () => {
    assert.match(device, /via Dawn (default|opengles)/);
    assert.equal(tf.getBackend(), "webgpu");
  });

  it("gives the cpu backend's loss and gradients for a small conv net", async () => {
    await tf.setBackend("cpu");
    const reference = await lossAndGradients();
    await tf.setBackend("webgpu");
    const ours = await lossAndGradients();
    assert.ok(Math.abs(ours.loss - reference.loss) < 1e-4, `${ours.loss} vs ${reference.loss}`);
    assert.equal(ours.grads.size, reference.grads.size);
    for (const [name, g] of reference.grads) {
      const o = ours.grads.get(name) as Float32Array;
      const scale = Math.max(1e-3, ...g.map(Math.abs));
      const error = Math.max(...g.map((v, i) => Math.abs(v - o[i]))) / scale;
      assert.ok(error < 1e-3, `${name}: relative error ${error}`);
    }
  });
});
