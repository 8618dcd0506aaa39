import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { angularUpdate, effectiveLR, equilibriumNormSquared } from "../../src/theory/equilibrium.js";
import { noisyQuadratic, scaleInvariantLoss } from "../../src/theory/sphere-loss.js";
import { norm } from "../../src/vectors.js";
import { fixedNoise, runSgd } from "./harness.js";

describe("equilibrium", () => {
  it("predicts the simulated norm, angular update and effective LR of WD + momentum on pure-noise gradients", (t) => {
    const dim = 200;
    const level = 1;
    // Uniform noise on [−1, 1) has variance 1/3; projecting out the radial part leaves dim − 1 directions.
    const gradNorm = Math.sqrt(((dim - 1) * level ** 2) / 3);
    const loss = scaleInvariantLoss(
      noisyQuadratic({ curvature: new Float64Array(dim), noise: fixedNoise(dim, level, 7) }),
    );
    const h = { lr: 0.1, weightDecay: 0.01, momentum: 0.9, gradNorm };
    const predictedNormSquared = equilibriumNormSquared(h);
    const w0 = Float64Array.from({ length: dim }, (_, i) => (i === 0 ? Math.sqrt(predictedNormSquared) : 0));
    const steps = 4000;
    const burnIn = 1000;
    const run = runSgd({ loss, w0, steps, ...h });
    let normSquared = 0;
    let angle = 0;
    for (let k = burnIn; k < steps; k++) {
      const a = run[k];
      const b = run[k + 1];
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += a[i] * b[i];
      normSquared += norm(a) ** 2;
      angle += Math.acos(Math.min(1, dot / (norm(a) * norm(b))));
    }
    normSquared /= steps - burnIn;
    angle /= steps - burnIn;
    const errors = {
      normSquared: normSquared / predictedNormSquared - 1,
      angle: angle / angularUpdate(h) - 1,
      effectiveLR: h.lr / normSquared / effectiveLR(h) - 1,
    };
    t.diagnostic(`relative deviations from the predictions: ${JSON.stringify(errors)}`);
    for (const [name, e] of Object.entries(errors)) assert.ok(Math.abs(e) < 0.02, `${name}: ${e}`);
  });

  it("has the closed forms and refuses bad input", () => {
    assert.ok(
      Math.abs(angularUpdate({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9 }) - Math.sqrt(1e-4 / 1.9)) < 1e-16,
    );
    const h = { lr: 0.1, weightDecay: 5e-4, momentum: 0.9, gradNorm: 2 };
    assert.ok(Math.abs(effectiveLR(h) - h.lr / equilibriumNormSquared(h)) < 1e-15);
    assert.throws(() => equilibriumNormSquared({ ...h, weightDecay: 0 }), /weightDecay must be > 0/);
    assert.throws(() => effectiveLR({ ...h, gradNorm: 0 }), /gradNorm must be a finite number > 0, got 0/);
    assert.throws(() => angularUpdate({ ...h, momentum: 1 }), /momentum must be in \[0, 1\)/);
  });
});
