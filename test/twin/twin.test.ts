import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { ready } from "../../src/backend/select.js";
import { expLR } from "../../src/theory/exp-lr.js";
import { randomBatches, type TwinResult, twinRuns } from "../../src/twin/twin.js";

const [lr, weightDecay, momentum] = [0.1, 5e-4, 0.9];
const exp = expLR({ lr, weightDecay, momentum });
const wd = { optimizer: { lr, momentum, groups: [{ weightDecay }, { weightDecay: 0 }] } };

/** The float32 claims of notebook 01 on one backend: wasm over 200 steps, and webgpu (Dawn's software adapter) over 12. */
function twinClaims(backend: "wasm" | "webgpu", steps: number): void {
  let result: TwinResult;
  let tensorsBefore = 0;
  let tensorsAfter = 0;

  before(async () => {
    await ready({ backend, log: () => {} });
    tensorsBefore = tf.memory().numTensors;
    result = await twinRuns({
      model: {
        arch: "smallcnn",
        norm: "batch",
        affine: "fixed",
        output: "fixed",
        bnEpsilon: 0,
        width: 4,
        seed: 1,
      },
      runs: {
        wd,
        exp: {
          optimizer: { lr: exp.lr, momentum, groups: [{ momentumCorrection: exp.momentumCorrection }, {}] },
        },
        zeroBuffer: { optimizer: { lr: exp.lr, momentum } },
        control: { ...wd, perturbation: 2 ** -24 },
      },
      reference: "wd",
      batches: randomBatches(steps, 8, 1),
      probe: randomBatches(1, 32, 2)[0],
    });
    tensorsAfter = tf.memory().numTensors;
  });

  it("runs on the backend asked for", () => {
    assert.equal(tf.getBackend(), backend);
  });

  it("starts the exponential twin at the same function and keeps it pointwise close for the first steps", () => {
    const { angle, logitGap } = result.comparisons.exp;
    assert.equal(angle[0], 0);
    assert.ok(angle[3] < 1e-4 && logitGap[3] < 1e-3, `step 3: angle ${angle[3]}, logits ${logitGap[3]}`);
  });

  it(`follows ‖w̃_k‖/‖w_k‖ = α^{−k} within 1e-2 over ${steps} steps`, () => {
    assert.equal(result.comparisons.exp.normRatio.length, steps + 1);
    result.comparisons.exp.normRatio.forEach((ratio, k) => {
      assert.ok(Math.abs(ratio * exp.scale(k) - 1) < 1e-2, `step ${k}: ${ratio * exp.scale(k)}`);
    });
  });

  it("drifts no faster than the same optimizer started one rounding away (chaos control)", () => {
    const twin = result.comparisons.exp.angle[steps];
    const control = result.comparisons.control.angle[steps];
    assert.ok(control > 0, "the control must actually start apart");
    assert.ok(twin < 10 * control + 1e-6, `twin ${twin} vs control ${control}`);
  });

  it("a zero initial buffer breaks the early agreement by far more than rounding", () => {
    // Later, SGD's amplification of rounding makes every pair of runs equally far apart.
    assert.ok(result.comparisons.zeroBuffer.angle[3] > 10 * result.comparisons.exp.angle[3]);
  });

  it("frees every tensor it made", () => {
    assert.equal(tensorsAfter, tensorsBefore);
  });
}

describe("twinRuns (wasm, float32)", () => {
  twinClaims("wasm", 200);

  it("refuses an unknown reference", async () => {
    await assert.rejects(
      twinRuns({
        model: { arch: "smallcnn", norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 0 },
        runs: { wd },
        reference: "other",
        batches: [],
        probe: randomBatches(1, 2)[0],
      }),
      /reference "other"/,
    );
  });
});

describe("twinRuns (webgpu, float32)", () => twinClaims("webgpu", 12));
