import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float64Ops } from "../../src/optim/float64.js";
import { type SgdStepConfig, sgdUpdate } from "../../src/optim/update.js";

const base: SgdStepConfig = {
  lr: 0.1,
  weightDecay: 0.01,
  momentum: 0.9,
  dampening: 0,
  nesterov: false,
  convention: "pytorch",
  decoupledWeightDecay: false,
};

function run(config: SgdStepConfig, lrs: number[]): Float64Array {
  let w: Float64Array = Float64Array.from([1, -2, 0.5]);
  let buffer: Float64Array | null = null;
  lrs.forEach((lr, k) => {
    const g = Float64Array.from([Math.sin(k), Math.cos(k), 0.3 * k]);
    ({ weights: w, buffer } = sgdUpdate(float64Ops, { ...config, lr }, w, g, buffer));
  });
  return w;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  return Math.max(...a.map((x, i) => Math.abs(x - b[i])));
}

describe("sgdUpdate", () => {
  it("takes PyTorch's first step: v = g + λw, w ← w − ηv", () => {
    const w = Float64Array.from([2]);
    const { weights, buffer } = sgdUpdate(float64Ops, base, w, Float64Array.from([3]), null);
    assert.ok(buffer);
    assert.equal(buffer[0], 3 + 0.01 * 2);
    assert.equal(weights[0], 2 - 0.1 * (3 + 0.01 * 2));
  });

  it("agrees across conventions while the LR is constant", () => {
    const lrs = Array(50).fill(0.1);
    assert.ok(maxDiff(run(base, lrs), run({ ...base, convention: "classic" }, lrs)) < 1e-12);
    const nesterov = { ...base, nesterov: true };
    assert.ok(maxDiff(run(nesterov, lrs), run({ ...nesterov, convention: "classic" }, lrs)) < 1e-12);
  });

  it("differs across conventions once the LR changes", () => {
    const lrs = Array.from({ length: 50 }, (_, k) => (k < 25 ? 0.1 : 0.01));
    assert.ok(maxDiff(run(base, lrs), run({ ...base, convention: "classic" }, lrs)) > 1e-3);
  });

  it("decoupled weight decay shrinks w by (1 − ηλ) before the gradient step", () => {
    const config = { ...base, momentum: 0, decoupledWeightDecay: true, weightDecay: 0.5 };
    const { weights } = sgdUpdate(float64Ops, config, Float64Array.from([2]), Float64Array.from([1]), null);
    assert.equal(weights[0], 2 * (1 - 0.1 * 0.5) - 0.1 * 1);
  });

  it("an explicit zero buffer differs from PyTorch's first step only through dampening", () => {
    const w = Float64Array.from([1]);
    const g = Float64Array.from([1]);
    const damped = { ...base, dampening: 0.5 };
    const fromNull = sgdUpdate(float64Ops, damped, w, g, null).weights[0];
    const fromZero = sgdUpdate(float64Ops, damped, w, g, Float64Array.from([0])).weights[0];
    assert.notEqual(fromNull, fromZero);
  });

  it("dampening scales the new direction after the first step: v ← γv + (1 − τ)d", () => {
    const damped = { ...base, weightDecay: 0, dampening: 0.25 };
    const { weights, buffer } = sgdUpdate(
      float64Ops,
      damped,
      Float64Array.from([1]),
      Float64Array.from([2]),
      Float64Array.from([4]),
    );
    assert.equal(buffer?.[0], 0.9 * 4 + 0.75 * 2);
    assert.equal(weights[0], 1 - 0.1 * (0.9 * 4 + 0.75 * 2));
  });

  it("Nesterov steps along d + γv (PyTorch) and w + γu − ηd (classic)", () => {
    const nesterov = { ...base, weightDecay: 0, nesterov: true };
    const w = Float64Array.from([1]);
    const g = Float64Array.from([2]);
    const v = sgdUpdate(float64Ops, nesterov, w, g, Float64Array.from([3]));
    assert.equal(v.weights[0], 1 - 0.1 * (2 + 0.9 * (0.9 * 3 + 2)));
    const u = sgdUpdate(float64Ops, { ...nesterov, convention: "classic" }, w, g, Float64Array.from([-0.3]));
    const newU = 0.9 * -0.3 - 0.1 * 2;
    assert.equal(u.buffer?.[0], newU);
    assert.equal(u.weights[0], 1 + 0.9 * newU - 0.1 * 2);
  });

  it("the first buffer is a new array, not the caller's gradient", () => {
    const g = Float64Array.from([1]);
    const { buffer } = sgdUpdate(float64Ops, { ...base, weightDecay: 0 }, Float64Array.from([0]), g, null);
    assert.notEqual(buffer, g);
    assert.equal(buffer?.[0], 1);
  });
});
