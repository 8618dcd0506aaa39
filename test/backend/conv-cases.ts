/** Convolution test cases and their reference computation, shared by the wasm and the oneDNN kernel tests. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { read } from "../../src/backend/read.js";

export type Pad = "same" | "valid" | number | tf.backend_util.ExplicitPadding;

export interface Case {
  n: number;
  h: number;
  w: number;
  c: number;
  co: number;
  k: number;
  stride: number;
  pad: Pad;
}

/** Every 1x1 and 3x3 convolution at stride 1 and 2, 'same' and 'valid', on an odd n×h×w×c → co. */
export function gridCases(n: number, h: number, w: number, c: number, co: number): Case[] {
  const cases: Case[] = [];
  for (const k of [1, 3]) {
    for (const stride of [1, 2]) {
      for (const pad of ["same", "valid"] as Pad[]) cases.push({ n, h, w, c, co, k, stride, pad });
    }
  }
  return cases;
}

/** Deterministic, smoothly varying values: no two cases share inputs by accident. */
export function values(size: number, seed: number): Float32Array {
  return Float32Array.from(
    { length: size },
    (_, i) => Math.sin(seed * 7.3 + i * 1.37) + 0.1 * Math.cos(i * 0.11),
  );
}

/**
 * y = conv2d(x, W) and the gradients of Σ y·r with respect to x and W, on the current backend; read asynchronously,
 * as webgpu in Node requires.
 */
export async function convAndGradients(
  cs: Case,
): Promise<{ y: Float32Array; dx: Float32Array; dw: Float32Array }> {
  const [y, dx, dw] = tf.tidy(() => {
    const x = tf.tensor4d(values(cs.n * cs.h * cs.w * cs.c, 1), [cs.n, cs.h, cs.w, cs.c]);
    const w = tf.tensor4d(values(cs.k * cs.k * cs.c * cs.co, 2), [cs.k, cs.k, cs.c, cs.co]);
    const conv = (xi: tf.Tensor4D, wi: tf.Tensor4D) => tf.conv2d(xi, wi, cs.stride, cs.pad);
    const out = conv(x, w);
    const r = tf.tensor(values(out.size, 3), out.shape);
    const f = (xi: tf.Tensor4D, wi: tf.Tensor4D) => tf.sum(tf.mul(conv(xi, wi), r));
    return [out, ...tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)([x, w])];
  });
  // read(): a failure the GPU reported comes out as itself, not as wrong values.
  const [yv, dxv, dwv] = await Promise.all([read(y), read(dx), read(dw)]);
  tf.dispose([y, dx, dw]);
  return { y: yv, dx: dxv, dw: dwv };
}

/** The largest difference, relative to the reference's scale (at least 1). */
export function maxRelativeError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let scale = 1;
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    largest = Math.max(largest, Math.abs(a[i] - b[i]));
  }
  return largest / scale;
}

/** Runs a case's convolution and gradients repeatedly on the current backend: tensor, buffer and byte counts stay. */
export async function assertNoLeaks(cs: Case): Promise<void> {
  await convAndGradients(cs);
  const before = tf.memory();
  for (let i = 0; i < 5; i++) await convAndGradients(cs);
  const after = tf.memory();
  assert.equal(after.numTensors, before.numTensors);
  assert.equal(after.numDataBuffers, before.numDataBuffers);
  assert.equal(after.numBytes, before.numBytes);
}
