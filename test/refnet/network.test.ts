import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seededRandom } from "../../src/random.js";
import { matrix } from "../../src/refnet/matrix.js";
import { type ReferenceNetConfig, referenceNet } from "../../src/refnet/network.js";

const random = seededRandom(7);
const batch = matrix(
  12,
  5,
  Float64Array.from({ length: 60 }, () => random.normal()),
);
const labels = Array.from({ length: 12 }, (_, i) => i % 3);
const shape: ReferenceNetConfig = { inputs: 5, hidden: 6, classes: 3, seed: 1 };

function perturbedInit(net: ReturnType<typeof referenceNet>): Float64Array[] {
  // Move γ, β off 1 and 0 so their gradients are generic.
  const r = seededRandom(3);
  return net.parameters.map((p) => p.init.map((v) => v + 0.3 * r.normal()));
}

describe("referenceNet", () => {
  for (const norms of [
    ["batch", "layer"],
    ["layer", "batch"],
  ] as const) {
    it(`has the gradient of its loss for every parameter (${norms.join(" then ")}, ε = 1e-3)`, () => {
      const net = referenceNet({ ...shape, norms, epsilon: 1e-3, affine: "learnable", output: "trained" });
      const values = perturbedInit(net);
      const { grads } = net.evaluate(values, batch, labels);
      const h = 1e-6;
      let worst = 0;
      values.forEach((value, p) => {
        for (let i = 0; i < value.length; i++) {
          const up = values.map((v) => Float64Array.from(v));
          const down = values.map((v) => Float64Array.from(v));
          up[p][i] += h;
          down[p][i] -= h;
          const numeric =
            (net.evaluate(up, batch, labels).loss - net.evaluate(down, batch, labels).loss) / (2 * h);
          worst = Math.max(worst, Math.abs(numeric - grads[p][i]));
        }
      });
      assert.ok(worst < 1e-8, `worst gradient error ${worst}`);
    });
  }

  it("with ε = 0 its output is exactly invariant to scaling W₁ or W₂, and not W₃", () => {
    const net = referenceNet(shape);
    const values = net.parameters.map((p) => p.init);
    const base = net.evaluate(values, batch, labels).logits.data;
    const scaledLogits = (name: string, c: number) =>
      net.evaluate(
        values.map((v, i) => (net.parameters[i].name === name ? v.map((x) => c * x) : v)),
        batch,
        labels,
      ).logits.data;
    const gap = (other: Float64Array) => Math.max(...other.map((x, i) => Math.abs(x - base[i])));
    assert.ok(gap(scaledLogits("W1", 37)) < 1e-12);
    assert.ok(gap(scaledLogits("W2", 0.02)) < 1e-12);
    assert.ok(gap(scaledLogits("W3", 2)) > 1e-2);
  });

  it("with ε > 0 the invariance breaks at small weight norms", () => {
    const net = referenceNet({ ...shape, epsilon: 1e-3 });
    const values = net.parameters.map((p) => p.init);
    const base = net.evaluate(values, batch, labels).loss;
    const scaled = net.evaluate(
      values.map((v, i) => (i === 0 ? v.map((x) => 1e-3 * x) : v)),
      batch,
      labels,
    ).loss;
    assert.ok(Math.abs(scaled - base) > 1e-3);
  });

  it("keeps γ = 1, β = 0 and the output layer untrained by default", () => {
    const kinds = referenceNet(shape).parameters.map((p) => `${p.name}:${p.kind}:${p.trainable}`);
    assert.deepEqual(kinds, [
      "W1:scale-invariant:true",
      "gamma1:norm-affine:false",
      "beta1:norm-affine:false",
      "W2:scale-invariant:true",
      "gamma2:norm-affine:false",
      "beta2:norm-affine:false",
      "W3:output:false",
      "b3:output:false",
    ]);
  });

  it("rejects bad configurations and batches with clear errors", () => {
    assert.throws(() => referenceNet({ ...shape, hidden: 0 }), /hidden must be a positive integer/);
    assert.throws(() => referenceNet({ ...shape, epsilon: -1 }), /epsilon must be ≥ 0/);
    const net = referenceNet(shape);
    const values = net.parameters.map((p) => p.init);
    assert.throws(() => net.evaluate(values, matrix(2, 4), [0, 1]), /expected N×5/);
    assert.throws(() => net.evaluate(values, matrix(1, 5, Float64Array.of(1, 2, 3, 4, 5)), [3]), /label 3/);
    assert.throws(() => net.evaluate(values, matrix(1, 5), [0]), /zero variance/);
  });
});
