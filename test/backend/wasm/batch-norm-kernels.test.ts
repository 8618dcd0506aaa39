import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { batchNormBackward, batchNormForward, fusedKernelNames } from "../../../src/backend/fused-ops.js";
import { useNativeKernels } from "../../../src/backend/kernel-overrides.js";
import { ready } from "../../../src/backend/select.js";
import { wasmBatchNormKernels } from "../../../src/backend/wasm/batch-norm-kernels.js";
import type { WasmBackend } from "../../../src/backend/wasm/heap.js";
import { assertBatchNormMatchesCpu, batchNormCaseName, batchNormCases } from "../batch-norm-cases.js";
import { values } from "../conv-cases.js";

/**
 * explr's WebAssembly SIMD BatchNorm kernels of wasm, with the native addon off: on the shared cases against the
 * `cpu` backend (batch-norm-cases.ts), and against a float64 reference on inputs whose mean is far from zero, where
 * sums that are not shifted lose the variance, and whose tolerance a kernel without the shift or the ReLU mask
 * fails; after the wasm memory grows between calls; and without leaking tensors or scratch.
 */

const options = { epsilon: 1e-5, minVariance: 1e-30 };

/** The fused ops' forward and backward in float64 (src/backend/fused-ops.ts) for x [P, C] and dy. */
function reference(x: Float32Array, dy: Float32Array, channels: number, relu: boolean) {
  const positions = x.length / channels;
  const at = (p: number, c: number) => p * channels + c;
  const stats = [new Float64Array(channels), new Float64Array(channels), new Float64Array(channels)];
  const y = new Float64Array(x.length);
  const dx = new Float64Array(x.length);
  const xHat = new Float64Array(x.length);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let p = 0; p < positions; p++) sum += x[at(p, c)];
    const mean = sum / positions;
    let squares = 0;
    for (let p = 0; p < positions; p++) squares += (x[at(p, c)] - mean) ** 2;
    const variance = squares / positions;
    const r = 1 / Math.sqrt(Math.max(variance + options.epsilon, options.minVariance));
    stats[0][c] = mean;
    stats[1][c] = r;
    stats[2][c] = positions > 1 ? (variance * positions) / (positions - 1) : variance;
    let sumG = 0;
    let sumGxHat = 0;
    for (let p = 0; p < positions; p++) {
      const i = at(p, c);
      xHat[i] = (x[i] - mean) * r;
      y[i] = relu ? Math.max(xHat[i], 0) : xHat[i];
      const g = relu && xHat[i] <= 0 ? 0 : dy[i];
      sumG += g;
      sumGxHat += g * xHat[i];
    }
    for (let p = 0; p < positions; p++) {
      const i = at(p, c);
      const g = relu && xHat[i] <= 0 ? 0 : dy[i];
      dx[i] = r * (g - sumG / positions - (xHat[i] * sumGxHat) / positions);
    }
  }
  return { stats, y, dx, xHat };
}

/** max |a − b| / max |b| over the elements that `where` keeps. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>, where = (_: number) => true): number {
  let largest = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    if (where(i)) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  }
  return largest / scale;
}

/** x = offset + a channel's scale · noise, and dy, for `shape`. */
function offsetInputs(shape: [number, number, number, number], offset: number) {
  const channels = shape[3];
  const noise = values(x4(shape), 11);
  const x = Float32Array.from(noise, (v, i) => offset + (0.5 + (i % channels) / channels) * v);
  return { x, dy: values(x4(shape), 12) };
}
const x4 = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** The kernels' outputs for x and dy of `shape`, read back. */
function kernelOutputs(
  shape: [number, number, number, number],
  x: Float32Array,
  dy: Float32Array,
  relu: boolean,
) {
  return tf.tidy(() => {
    const xs = tf.tensor4d(x, shape);
    const { y, stats } = batchNormForward(xs, { ...options, relu });
    const dx = batchNormBackward(xs, tf.tensor4d(dy, shape), stats, relu);
    return {
      y: y.dataSync() as Float32Array,
      stats: stats.dataSync() as Float32Array,
      dx: dx.dataSync() as Float32Array,
    };
  });
}

describe("wasm BatchNorm (SIMD), the native addon off", () => {
  before(async () => {
    await ready({ backend: "wasm", log: () => {} });
    useNativeKernels(false);
  });

  it("is installed on wasm", async () => {
    await tf.setBackend("wasm");
    for (const name of [fusedKernelNames.batchNormForward, fusedKernelNames.batchNormBackward]) {
      assert.equal(tf.getKernel(name, "wasm")?.kernelFunc, wasmBatchNormKernels[name], name);
    }
  });

  it("keeps working after the wasm memory grows between calls", async () => {
    await tf.setBackend("wasm");
    const memory = (tf.backend() as unknown as WasmBackend).wasm.asm.memory;
    const shape: [number, number, number, number] = [2, 5, 7, 23];
    const x = tf.tensor4d(
      values(x4(shape), 3).map((v) => 2 + v),
      shape,
    );
    const dy = tf.tensor4d(values(x4(shape), 4), shape);
    const run = (input: tf.Tensor4D) =>
      tf.tidy(() => {
        const { y, stats } = batchNormForward(input, { ...options, relu: true });
        const dx = batchNormBackward(input, dy, stats, true);
        return [y, stats, dx].map((t) => Array.from(t.dataSync()));
      });
    const first = run(x);
    const size = memory.buffer.byteLength;
    // More floats than the whole memory holds now: tfjs-wasm must grow it.
    const large = tf.fill([size / 4 + 1024], 1);
    assert.ok(memory.buffer.byteLength > size, "the memory grew");
    assert.deepEqual(run(x), first, "tensors made before the growth");
    const copy = tf.add(x, 0) as tf.Tensor4D;
    large.dispose();
    assert.deepEqual(run(copy), first, "a tensor made after it");
    tf.dispose([x, dy, copy]);
  });

  for (const cs of batchNormCases) {
    it(`${batchNormCaseName(cs)} matches cpu: value, gradients, running statistics`, () =>
      assertBatchNormMatchesCpu("wasm", cs));
  }

  for (const relu of [false, true]) {
    for (const shape of [
      [4, 9, 7, 16],
      [3, 7, 9, 21],
      [64, 3, 3, 5],
    ] as [number, number, number, number][]) {
      it(`matches float64 on [${shape}] around 1000${relu ? " with ReLU" : ""}: shifted sums, mask`, async () => {
        await tf.setBackend("wasm");
        const channels = shape[3];
        const { x, dy } = offsetInputs(shape, 1000);
        const ours = kernelOutputs(shape, x, dy, relu);
        const ref = reference(x, dy, channels, relu);
        const row = (r: number) => ours.stats.subarray(r * channels, (r + 1) * channels);
        // μ is float32 near 1000 (a spacing of 6e-5); x̂ inherits its rounding, relative to σ ≈ 0.5–1.
        const meanError = relativeError(row(0), ref.stats[0]);
        const errors = {
          mean: meanError,
          r: relativeError(row(1), ref.stats[1]),
          variance: relativeError(row(2), ref.stats[2]),
          y: relativeError(ours.y, ref.y),
          // a ReLU mask may differ from float64's only where x̂ is within μ's rounding of 0
          dx: relativeError(ours.dx, ref.dx, (i) => Math.abs(ref.xHat[i]) > 1e-3),
        };
        for (const [name, error] of Object.entries(errors)) {
          assert.ok(error < 2e-4, `${name}: ${error}`);
        }
      });
    }
  }

  it("leaks no tensors, and frees its scratch (a memory that does not grow over many calls)", async () => {
    await tf.setBackend("wasm");
    const memory = (tf.backend() as unknown as WasmBackend).wasm.asm.memory;
    // 16384 channels: 384 KiB of scratch per call, 150 MiB over these calls if it were not freed
    const shape: [number, number, number, number] = [1, 1, 3, 16384];
    const x = tf.tensor4d(values(x4(shape), 5), shape);
    const dy = tf.tensor4d(values(x4(shape), 6), shape);
    const step = () =>
      tf.tidy(() => {
        const { stats } = batchNormForward(x, { ...options, relu: true });
        batchNormBackward(x, dy, stats, true);
      });
    step();
    const [tensors, bytes] = [tf.memory().numTensors, tf.memory().numBytes];
    const size = memory.buffer.byteLength;
    for (let i = 0; i < 200; i++) step();
    assert.equal(tf.memory().numTensors, tensors);
    assert.equal(tf.memory().numBytes, bytes);
    assert.equal(memory.buffer.byteLength, size);
    tf.dispose([x, dy]);
  });

  it("refuses a tensor that is not NHWC float32", async () => {
    await tf.setBackend("wasm");
    const run = (x: tf.Tensor) => () => batchNormForward(x as tf.Tensor4D, { ...options, relu: false });
    assert.throws(run(tf.zeros([4, 3])), /NHWC/);
    assert.throws(run(tf.zeros([1, 2, 2, 3], "int32")), /float32/);
  });
});
