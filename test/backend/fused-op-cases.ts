import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import {
  axpby,
  flatten,
  fusedKernelNames,
  hasFusedKernel,
  runLinearProgram,
  unflatten,
} from "../../src/backend/fused-ops.js";
import { read } from "../../src/backend/read.js";
import { tfjsOps } from "../../src/optim/tfjs.js";
import { maxRelativeError, values } from "./conv-cases.js";

/** The checks of explr's parameter-sized fused ops that every backend with the kernels must pass. */

async function valuesOn(backend: string, make: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const made = tf.tidy(make);
  const out = await Promise.all(made.map((t) => read(t)));
  tf.dispose(made);
  return out;
}

/** axpby on `backend` against the `cpu` backend, and through the optimizer's array kind. */
export async function assertAxpbyMatchesCpu(backend: string): Promise<void> {
  const make = () => {
    const x = tf.tensor2d(values(35, 6), [5, 7]);
    const y = tf.tensor2d(values(35, 7), [5, 7]);
    // A float32 tensor cast from int32 (webgpu keeps its int32 buffer).
    const cast = tf.cast(
      tf.tensor2d(
        Array.from({ length: 35 }, (_, i) => i % 3),
        [5, 7],
        "int32",
      ),
      "float32",
    );
    return [axpby(0.9, x, -0.25, y), tfjsOps.axpby(1, x, 5e-4, y), axpby(0.5, cast, -1, y)];
  };
  const cpu = await valuesOn("cpu", make);
  const ours = await valuesOn(backend, make);
  cpu.forEach((reference, i) => {
    assert.ok(maxRelativeError(ours[i], reference) < 1e-6, `axpby ${i}`);
  });
  assert.ok(hasFusedKernel(fusedKernelNames.axpby), `${backend} runs the fused kernel`);
}

/** flatten and unflatten on `backend`: a group's tensors into one array and back. */
export async function assertFlattenRoundTrip(backend: string): Promise<void> {
  await tf.setBackend(backend);
  const a = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  // Cast from int32: webgpu keeps its int32 buffer, whose bits must not be copied as floats.
  const b = tf.cast(tf.tensor1d([7, -8], "int32"), "float32");
  const c = tf.scalar(9.5);
  const flat = flatten([a, b, c]);
  assert.deepEqual(Array.from(await flat.data()), [1, 2, 3, 4, 5, 6, 7, -8, 9.5]);
  const pieces = unflatten(flat, [[3], [1, 2], [3], []]);
  assert.deepEqual(
    pieces.map((p) => p.shape),
    [[3], [1, 2], [3], []],
  );
  assert.deepEqual(await Promise.all(pieces.map(async (p) => Array.from(await p.data()))), [
    [1, 2, 3],
    [4, 5],
    [6, 7, -8],
    [9.5],
  ]);
  assert.throws(() => unflatten(flat, [[4], [4]]), /8 elements in all from a tensor of 9/);
  assert.throws(() => flatten([]), /no tensors/);
  tf.dispose([a, b, c, flat, ...pieces]);
}

/** A linear program on `backend` runs its steps per element and writes its outputs one after another. */
export async function assertLinearProgram(backend: string): Promise<void> {
  await tf.setBackend(backend);
  const x = tf.tensor1d([1, 2, 3]);
  const y = tf.tensor1d([10, 20, 30]);
  // r2 = 2·x − y, r3 = 0.5·r2 + 1·x; outputs r3 and r2.
  const program = {
    inputCount: 2,
    steps: [
      { a: 2, x: 0, b: -1, y: 1 },
      { a: 0.5, x: 2, b: 1, y: 0 },
    ],
    outputs: [3, 2],
  };
  const out = runLinearProgram(program, [x, y]);
  assert.deepEqual(out.shape, [2, 3]);
  assert.deepEqual(Array.from(await out.data()), [-3, -6, -9, -8, -16, -24]);
  assert.throws(() => runLinearProgram(program, [x]), /1 inputs for a program of 2/);
  const wrong = tf.tensor1d([1, 2]);
  assert.throws(() => runLinearProgram(program, [x, wrong]), /1-D float32 of one length/);
  tf.dispose([x, y, out, wrong]);
}
