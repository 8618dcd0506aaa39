import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { hasMultiTensorKernels } from "../../src/backend/fused-ops.js";
import { ready } from "../../src/backend/select.js";
import { countDispatches } from "../../src/backend/webgpu/dispatch-count.js";
import type { SgdConfig } from "../../src/optim/config.js";
import { sgdVariables } from "../../src/optim/tfjs.js";
import { multiStep } from "../../src/schedule/basic.js";
import { maxRelativeError } from "../backend/conv-cases.js";

// Four groups of tensors of several shapes: plain momentum with L2, Nesterov on a schedule with a momentum
// correction, frozen, and decoupled weight decay without momentum.
const config: SgdConfig = {
  lr: 0.1,
  momentum: 0.9,
  weightDecay: 5e-4,
  groups: [
    {},
    {
      lr: multiStep({ init: 0.2, boundaries: [3], factor: 0.1 }),
      nesterov: true,
      momentumCorrection: (k) => (k === 2 ? 0.01 : 0),
    },
    { frozen: true },
    { momentum: 0, decoupledWeightDecay: true, weightDecay: 0.1 },
  ],
};
const shapes = [[[3, 3, 2, 4], [4], [7, 5]], [[2, 3], [6]], [[5]], [[4, 4], [3]]];

/** A value for element e of tensor t at step k: smooth, signed, different everywhere. */
const valueAt = (t: number, e: number, k: number) => Math.sin(1.3 * t + 0.7 * e + 0.31 * k) + 0.05 * e;

interface Run {
  weights: Float32Array[];
  buffers: (Float32Array | null)[];
  dispatchesPerStep: number[];
}

/** `steps` steps on the current backend; tensor (1, 0) gets no gradient, tensor (0, 1) starts with a buffer. */
async function run(steps: number): Promise<Run> {
  const variables = tf.tidy(() =>
    shapes.map((group, g) =>
      group.map((shape, i) => tf.variable(tf.tensor(fill(shape, 10 * g + i, -1), shape))),
    ),
  );
  const initialBuffers = shapes.map((group, g) =>
    group.map((shape, i) => (g === 0 && i === 1 ? tf.tensor(fill(shape, 99, 0), shape) : null)),
  );
  const optimizer = sgdVariables(config, variables, initialBuffers);
  tf.dispose(initialBuffers.flat().filter((b): b is tf.Tensor => b !== null));
  const dispatchesPerStep: number[] = [];
  for (let k = 0; k < steps; k++) {
    const grads = shapes.map((group, g) =>
      group.map((shape, i) => (g === 1 && i === 0 ? null : tf.tensor(fill(shape, 10 * g + i, k), shape))),
    );
    const dispatches = tf.getBackend() === "webgpu" ? countDispatches() : null;
    optimizer.step(grads);
    dispatches?.stop();
    dispatchesPerStep.push(dispatches?.count() ?? 0);
    tf.dispose(grads.flat().filter((x): x is tf.Tensor => x !== null));
  }
  const weights = await Promise.all(variables.flat().map((v) => v.data() as Promise<Float32Array>));
  const buffers = await Promise.all(
    optimizer.state.buffers.flat().map((b) => (b === null ? null : (b.data() as Promise<Float32Array>))),
  );
  optimizer.dispose();
  tf.dispose(variables.flat());
  return { weights, buffers, dispatchesPerStep };
}

function fill(shape: number[], t: number, k: number): number[] {
  const size = shape.reduce((p, d) => p * d, 1);
  return Array.from({ length: size }, (_, e) => valueAt(t, e, k));
}

for (const backend of ["webgpu", "wasm"] as const) {
  describe(`SGD over many tensors in one pass per group (${backend})`, () => {
    before(async () => {
      await ready({ backend, log: () => {} });
    });

    it(`has the multi-tensor kernels on ${backend} and not on cpu, where the per-tensor rule runs`, async () => {
      await tf.setBackend(backend);
      assert.equal(hasMultiTensorKernels(), true);
      await tf.setBackend("cpu");
      assert.equal(hasMultiTensorKernels(), false);
    });

    it("matches the per-tensor rule on cpu: weights and buffers of every group, 6 steps", async () => {
      await tf.setBackend("cpu");
      const cpu = await run(6);
      await tf.setBackend(backend);
      const gpu = await run(6);
      cpu.weights.forEach((w, t) => {
        assert.ok(maxRelativeError(gpu.weights[t], w) < 1e-6, `weights of tensor ${t}`);
      });
      cpu.buffers.forEach((b, t) => {
        assert.equal(gpu.buffers[t] === null, b === null, `buffer of tensor ${t} present on both or neither`);
        if (b !== null) assert.ok(maxRelativeError(gpu.buffers[t] as Float32Array, b) < 1e-6, `buffer ${t}`);
      });
      assert.equal(cpu.weights[5][0], Float32Array.from(fill([5], 20, -1))[0], "the frozen group stays");
      assert.deepEqual(
        cpu.weights[3],
        Float32Array.from(fill([2, 3], 10, -1)),
        "the tensor without a gradient stays",
      );
      // Step 0: group 0 has a tensor with a buffer and two without (two programs), group 1 one, group 3 one.
      // Then one program per moving group, as long as the rule is the same: 3 dispatches for 8 moving tensors,
      // where the per-tensor rule takes 3 per tensor.
      if (backend === "webgpu") assert.deepEqual(gpu.dispatchesPerStep, [4, 3, 3, 3, 3, 3]);
    });

    it("refuses a gradient of the wrong shape as the per-tensor rule does, and leaks no tensor", async () => {
      await tf.setBackend(backend);
      const w = tf.variable(tf.ones([2, 2]));
      const optimizer = sgdVariables({ lr: 0.1, momentum: 0.9 }, [w]);
      const wrong = tf.ones([4]);
      assert.throws(
        () => optimizer.step([wrong]),
        /parameter 0 has shape \[2,2\] but its grad has shape \[4\]/,
      );
      const grad = tf.ones([2, 2]);
      optimizer.step([grad]);
      const after = tf.memory().numTensors;
      for (let k = 0; k < 5; k++) optimizer.step([grad]);
      assert.equal(tf.memory().numTensors, after);
      // PyTorch's rule with g = 1: v_k = 1 + 0.9 v_{k−1}, w ← w − 0.1 v_k, six times from w = 1.
      let [expected, v] = [1, 0];
      for (let k = 0; k < 6; k++) {
        v = 1 + 0.9 * v;
        expected -= 0.1 * v;
      }
      for (const x of await w.data()) assert.ok(Math.abs(x - expected) < 1e-6, `${x} vs ${expected}`);
      optimizer.dispose();
      tf.dispose([w, wrong, grad]);
    });
  });
}
