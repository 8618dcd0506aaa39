import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { registerGradients } from "../../src/backend/select.js";
import type { ModelConfig } from "../../src/nn/config.js";
import { checkModelScaleInvariance } from "../../src/nn/invariance.js";
import { buildModel } from "../../src/nn/model.js";
import { batch } from "./helpers.js";

const learnable: ModelConfig = {
  arch: "preresnet",
  depth: 8,
  norm: "batch",
  affine: "learnable",
  output: "learnable",
  bnEpsilon: 1e-5,
  width: 8,
  groups: 4,
};

function classify(config: ModelConfig, training = true) {
  const model = buildModel(config);
  const { x, labels } = batch(4);
  const report = checkModelScaleInvariance(model, x, labels, { training });
  model.dispose();
  tf.dispose([x, labels]);
  return Object.fromEntries(report.map((g) => [g.kind, g]));
}

describe("checkModelScaleInvariance", () => {
  before(async () => {
    await registerGradients();
    await tf.setBackend("cpu");
  });

  it("finds conv weights invariant and affine/output not, with BatchNorm in training mode", () => {
    const groups = classify(learnable);
    assert.equal(groups["scale-invariant"].invariant, true, JSON.stringify(groups["scale-invariant"]));
    assert.ok(groups["scale-invariant"].logitsChange < 1e-3);
    assert.ok(Math.abs(groups["scale-invariant"].gradientCosine) < 1e-3);
    assert.equal(groups["norm-affine"].invariant, false);
    assert.ok(groups["norm-affine"].logitsChange > 0.1);
    assert.equal(groups.output.invariant, false);
    assert.ok(groups.output.logitsChange > 0.1);
    // The bias starts at zero: scaling it measures nothing.
    assert.equal(groups.bias.invariant, null);
  });

  it("finds conv weights not invariant with running statistics (eval mode)", () => {
    const groups = classify(learnable, false);
    assert.equal(groups["scale-invariant"].invariant, false);
  });

  for (const norm of ["group", "layer", "instance"] as const) {
    // ε = 0: per-sample statistics on the 2x2 maps of the last stage are small enough for ε = 1e-5 to show.
    it(`finds conv weights invariant under ${norm} norm (ε = 0) in both modes`, () => {
      const config = { ...learnable, norm, bnEpsilon: 0 };
      assert.equal(classify(config)["scale-invariant"].invariant, true);
      assert.equal(classify(config, false)["scale-invariant"].invariant, true);
      assert.equal(classify(config).output.invariant, false);
    });
  }

  it("with ε = 0, fixed affine and fixed output the conv weights are invariant to float32 rounding", () => {
    const groups = classify({ ...learnable, affine: "fixed", output: "fixed", bnEpsilon: 0 });
    assert.deepEqual(Object.keys(groups), ["scale-invariant", "output"]);
    assert.ok(groups["scale-invariant"].lossChange < 1e-5, String(groups["scale-invariant"].lossChange));
  });

  it("rejects a scale of 1 or below 0", () => {
    const model = buildModel(learnable);
    const { x, labels } = batch(2);
    assert.throws(() => checkModelScaleInvariance(model, x, labels, { scales: [1] }), /scale 1/);
    assert.throws(() => checkModelScaleInvariance(model, x, labels, { scales: [-2] }), /scale -2/);
    model.dispose();
  });
});
