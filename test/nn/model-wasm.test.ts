import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelNames } from "../../src/backend/fused-ops.js";
import { replaceKernels } from "../../src/backend/kernel-registry.js";
import { registerGradients } from "../../src/backend/select.js";
import { wasmBatchNormKernels } from "../../src/backend/wasm/batch-norm-kernels.js";
import { convGradientKernels } from "../../src/backend/wasm/conv-kernels.js";
import { wasmFusedKernels } from "../../src/backend/wasm/fused-kernels.js";
import type { ModelConfig } from "../../src/nn/config.js";
import { buildModel } from "../../src/nn/model.js";
import { batch } from "./helpers.js";

const config: ModelConfig = {
  arch: "preresnet",
  depth: 8,
  norm: "batch",
  affine: "learnable",
  output: "learnable",
  bnEpsilon: 1e-5,
  width: 8,
};

/** Loss and gradients of every trainable parameter, by parameter name, on the current backend. */
function lossAndGradients(): { loss: number; grads: Map<string, Float32Array> } {
  const model = buildModel(config);
  const { x, labels } = batch(3);
  const { value, grads } = tf.variableGrads(
    () => model.lossAndAccuracy(x, labels, { training: true }).loss,
    model.trainableVariables(),
  );
  const byName = new Map(
    model.params.map((p) => [p.name, grads[p.variable.name].dataSync() as Float32Array]),
  );
  const loss = value.dataSync()[0];
  tf.dispose([value, x, labels, ...Object.values(grads)]);
  model.dispose();
  return { loss, grads: byName };
}

/**
 * The checks of a PreResNet on wasm, with `kernels` installed on top of tfjs-wasm's own. The layers are installed in
 * the order the describes run, each adding to the one before.
 */
function wasmChecks(kernels: Readonly<Record<string, tf.KernelFunc>>): void {
  before(async () => {
    await registerGradients();
    replaceKernels("wasm", kernels);
  });

  it("gives the cpu backend's loss and gradients", async () => {
    await tf.setBackend("cpu");
    const reference = lossAndGradients();
    await tf.setBackend("wasm");
    const ours = lossAndGradients();
    assert.ok(Math.abs(ours.loss - reference.loss) < 1e-5, `${ours.loss} vs ${reference.loss}`);
    assert.equal(ours.grads.size, reference.grads.size);
    for (const [name, g] of reference.grads) {
      const o = ours.grads.get(name) as Float32Array;
      const scale = Math.max(1e-3, ...g.map(Math.abs));
      const error = Math.max(...g.map((v, i) => Math.abs(v - o[i]))) / scale;
      assert.ok(error < 1e-4, `${name}: relative error ${error}`);
    }
  });

  it("leaks no tensors over SGD training steps", async () => {
    await tf.setBackend("wasm");
    const model = buildModel(config);
    const { x, labels } = batch(4);
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => model.lossAndAccuracy(x, labels, { training: true }).loss,
          model.trainableVariables(),
        );
        for (const v of model.trainableVariables()) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.1)));
      });
    step();
    const before = tf.memory();
    for (let i = 0; i < 3; i++) step();
    const after = tf.memory();
    assert.equal(after.numTensors, before.numTensors);
    assert.equal(after.numBytes, before.numBytes);
    model.dispose();
    tf.dispose([x, labels]);
  });
}

describe("a PreResNet on wasm with explr's conv kernels", () => wasmChecks(convGradientKernels));

describe("a PreResNet on wasm with explr's fused ops and BatchNorm in WebAssembly SIMD too", () => {
  it("runs BatchNorm on the fused kernels", () => {
    assert.equal(
      tf.getKernel(fusedKernelNames.batchNormBackward, "wasm")?.kernelFunc,
      wasmBatchNormKernels[fusedKernelNames.batchNormBackward],
    );
  });
  wasmChecks({ ...wasmFusedKernels, ...wasmBatchNormKernels });
});
