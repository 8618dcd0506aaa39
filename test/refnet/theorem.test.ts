import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SgdConfig } from "../../src/optim/config.js";
import { syntheticTask } from "../../src/refnet/data.js";
import { type ReferenceNet, type ReferenceNetConfig, referenceNet } from "../../src/refnet/network.js";
import { type ReferenceRun, trainReference } from "../../src/refnet/train.js";
import { multiStep } from "../../src/schedule/basic.js";
import { expLR } from "../../src/theory/exp-lr.js";
import { texp } from "../../src/theory/texp.js";
import { maxAbsDifference } from "../../src/vectors.js";

/**
 * The equivalence theorem on a real normalized network in float64: logits of the weight-decay run and of its
 * no-WD twin over ≥ 100 steps, exact where the theory says so and broken, measurably, where it does not.
 */
const steps = 120;
const shape: ReferenceNetConfig = { inputs: 6, hidden: 12, classes: 3, seed: 3 };
const task = syntheticTask({ samples: 96, inputs: 6, classes: 3, batchSize: 16, steps, seed: 4 });
const [lr, weightDecay] = [0.1, 5e-4];

function run(net: ReferenceNet, optimizer: SgdConfig): ReferenceRun {
  return trainReference(net, { optimizer, batches: task.batches, probe: task.data });
}

function worstGap(a: ReferenceRun, b: ReferenceRun): number {
  return Math.max(...a.logits.map((logits, k) => maxAbsDifference(logits, b.logits[k])));
}

describe("the theorem on the float64 reference network", () => {
  const net = referenceNet(shape);

  for (const momentum of [0, 0.9]) {
    it(`WD at a fixed LR ≡ exponential LR without WD, momentum ${momentum}`, (t) => {
      const exp = expLR({ lr, weightDecay, momentum });
      const gap = worstGap(
        run(net, { lr, momentum, weightDecay }),
        run(net, { lr: exp.lr, momentum, momentumCorrection: exp.momentumCorrection }),
      );
      t.diagnostic(`worst logit difference ${gap.toExponential(2)}`);
      assert.ok(gap < 1e-10, `${gap}`);
    });
  }

  const boundaries = [40, 80];
  const stepDecay = multiStep({ init: lr, boundaries, factor: 0.1 });
  const tapered = texp({ boundaries, lrs: [lr, lr / 10, lr / 100], weightDecay, momentum: 0.9 });
  const withWD = run(net, { lr: stepDecay, momentum: 0.9, weightDecay });

  it("Step Decay + WD ≡ TEXP with its momentum corrections", (t) => {
    const gap = worstGap(
      withWD,
      run(net, { lr: tapered.lr, momentum: 0.9, momentumCorrection: tapered.momentumCorrection }),
    );
    t.diagnostic(`worst logit difference ${gap.toExponential(2)}`);
    assert.ok(gap < 1e-10, `${gap}`);
  });

  it("TEXP without the boundary correction breaks after the first boundary", (t) => {
    const gap = worstGap(
      withWD,
      run(net, {
        lr: tapered.lr,
        momentum: 0.9,
        momentumCorrection: (k) => (k === 0 ? tapered.momentumCorrection(0) : 0),
      }),
    );
    t.diagnostic(`worst logit difference ${gap.toExponential(2)}`);
    assert.ok(gap > 1e-8, `${gap}`);
  });

  const exp = expLR({ lr, weightDecay, momentum: 0.9 });
  const exactTwin: SgdConfig = { lr: exp.lr, momentum: 0.9, momentumCorrection: exp.momentumCorrection };
  const breaking: [string, ReferenceNet, SgdConfig][] = [
    ["zero initial buffer", net, { lr: exp.lr, momentum: 0.9 }],
    ["classic momentum with the same γ", net, { ...exactTwin, convention: "classic" }],
    ["learnable BN affine", referenceNet({ ...shape, affine: "learnable" }), exactTwin],
    ["a trained output layer", referenceNet({ ...shape, output: "trained" }), exactTwin],
    ["BN ε = 1e-5", referenceNet({ ...shape, epsilon: 1e-5 }), exactTwin],
  ];
  for (const [name, network, twin] of breaking) {
    it(`breaks with ${name}`, (t) => {
      const gap = worstGap(run(network, { lr, momentum: 0.9, weightDecay }), run(network, twin));
      t.diagnostic(`worst logit difference ${gap.toExponential(2)}`);
      assert.ok(gap > 1e-6, `${gap}`);
    });
  }
});
