import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { syntheticTask } from "../../src/refnet/data.js";
import { referenceNet } from "../../src/refnet/network.js";
import { trainReference } from "../../src/refnet/train.js";

const net = referenceNet({ inputs: 5, hidden: 8, classes: 3, seed: 2 });
const task = syntheticTask({ samples: 64, inputs: 5, classes: 3, batchSize: 16, steps: 60, seed: 5 });

describe("trainReference", () => {
  it("records steps + 1 states and lowers the loss with SGD", () => {
    const run = trainReference(net, {
      optimizer: { lr: 0.1, momentum: 0.9 },
      batches: task.batches,
      probe: task.data,
    });
    assert.equal(run.logits.length, 61);
    assert.equal(run.invariantWeights.length, 61);
    const early = run.losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const late = run.losses.slice(-10).reduce((a, b) => a + b) / 10;
    assert.ok(late < 0.8 * early, `loss ${early} → ${late}`);
  });

  it("never moves what the network does not train", () => {
    const run = trainReference(net, { optimizer: { lr: 0 }, batches: task.batches, probe: task.data });
    assert.deepEqual(run.logits[60], run.logits[0]);
  });

  it("puts non-invariant trained parameters in the second group when there is one", () => {
    const learnable = referenceNet({ inputs: 5, hidden: 8, classes: 3, seed: 2, affine: "learnable" });
    const frozenAffine = trainReference(learnable, {
      optimizer: { lr: 0.1, groups: [{}, { frozen: true }] },
      batches: task.batches,
      probe: task.data,
    });
    const fixedAffine = trainReference(net, {
      optimizer: { lr: 0.1 },
      batches: task.batches,
      probe: task.data,
    });
    assert.deepEqual(frozenAffine.logits[60], fixedAffine.logits[60]);
  });

  it("rejects more than two groups", () => {
    assert.throws(
      () =>
        trainReference(net, { optimizer: { lr: 0.1, groups: [{}, {}, {}] }, batches: [], probe: task.data }),
      /use 1 or 2/,
    );
  });
});

describe("syntheticTask", () => {
  it("is reproducible from its seed and rejects batches too small for batch statistics", () => {
    const again = syntheticTask({ samples: 64, inputs: 5, classes: 3, batchSize: 16, steps: 60, seed: 5 });
    assert.deepEqual(again.batches[7].x.data, task.batches[7].x.data);
    assert.throws(
      () => syntheticTask({ samples: 8, inputs: 2, classes: 2, batchSize: 1, steps: 1 }),
      /batchSize must be ≥ 2/,
    );
  });
});
