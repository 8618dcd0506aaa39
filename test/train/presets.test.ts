import assert from "node:assert/strict";
import { test } from "node:test";
import { texp } from "../../src/theory/texp.js";
import { checkExperiment } from "../../src/train/experiment.js";
import { train } from "../../src/train/loop.js";
import {
  preset,
  presetNames,
  type StepDecaySetting,
  settings,
  stepDecayExperiment,
  texpExperiment,
} from "../../src/train/presets.js";
import { tinyData } from "./fixture.js";

test("every preset is a valid experiment; each setting has a Step Decay and a TEXP twin", () => {
  assert.deepEqual(presetNames, [
    "cifar10-cpu-smoke",
    "cifar10-cpu-smoke-texp",
    "cifar10-cpu",
    "cifar10-cpu-texp",
    "cifar10-gpu",
    "cifar10-gpu-texp",
    "cifar10-full",
    "cifar10-full-texp",
  ]);
  for (const name of presetNames) checkExperiment(preset(name));
  assert.throws(() => preset("cifar100"), /unknown preset "cifar100"; use one of cifar10-cpu-smoke/);
});

test("cifar10-gpu is the one-GPU setting: PreResNet-20 on the whole set, ÷10 at epochs 15 and 22 of 30", () => {
  const gpu = preset("cifar10-gpu");
  assert.equal(gpu.model.arch, "preresnet");
  assert.equal(gpu.model.depth, 20);
  assert.equal(gpu.data.trainPerClass, undefined);
  assert.equal(gpu.epochs, 30);
  assert.deepEqual(gpu.optimizer.lr, { kind: "multiStep", init: 0.1, boundaries: [5865, 8602], factor: 0.1 });
  assert.equal(settings["cifar10-gpu"].minTestAccuracy, 0.865);
});

test("cifar10-full is the paper's setting: PreResNet-32, 391 steps per epoch, ÷10 at epochs 80 and 120", () => {
  const full = preset("cifar10-full");
  assert.equal(full.model.arch, "preresnet");
  assert.equal(full.model.depth, 32);
  assert.equal(full.model.affine, "fixed");
  assert.equal(full.data.batchSize, 128);
  assert.deepEqual(full.optimizer.lr, {
    kind: "multiStep",
    init: 0.1,
    boundaries: [31280, 46920],
    factor: 0.1,
  });
  assert.equal(full.optimizer.momentum, 0.9);
  assert.deepEqual(full.optimizer.groups, { "scale-invariant": { weightDecay: 5e-4 } });
  const twin = preset("cifar10-full-texp");
  assert.equal(twin.optimizer.weightDecay, undefined);
  assert.equal(twin.optimizer.groups, undefined);
  assert.deepEqual(twin.optimizer.lr, {
    kind: "theory.texp",
    boundaries: [31280, 46920],
    lrs: [0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1],
    weightDecay: 5e-4,
    momentum: 0.9,
  });
  assert.deepEqual(twin.optimizer.momentumCorrection, twin.optimizer.lr);
  assert.equal(settings["cifar10-cpu"].boundaries.length, 2);
});

test("the TEXP twin trains the same directions: ‖w_k‖/‖w̃_k‖ follows the theory's c_k", async () => {
  const setting: StepDecaySetting = {
    name: "tiny",
    model: { arch: "smallcnn", width: 2, norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 0 },
    data: { dataset: "cifar10", augment: false, batchSize: 4, evalBatchSize: 4 },
    trainImages: tinyData.train.count,
    epochs: 2,
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 0.02,
    boundaries: [1],
    seed: 0,
    evalEvery: 0,
  };
  const options = { data: tinyData, backend: "cpu" as const };
  const stepDecay = await train(stepDecayExperiment(setting), options);
  const twin = await train(texpExperiment(setting), options);
  const theory = texp({ boundaries: [3], lrs: [0.1, 0.01], weightDecay: 0.02, momentum: 0.9 });
  stepDecay.history.steps.forEach((s, k) => {
    const ratio =
      (s.weightNorm["scale-invariant"] as number) /
      (twin.history.steps[k].weightNorm["scale-invariant"] as number);
    assert.ok(
      Math.abs(ratio / theory.scale(k) - 1) < 1e-6,
      `step ${k}: ratio ${ratio} vs c_k ${theory.scale(k)}`,
    );
  });
  // Weight decay really shrank the Step Decay weights, so the check above is not 1 = 1.
  assert.ok(theory.scale(5) < 0.999);
  // Without TEXP's momentum corrections the norms part at once (measured 2.5e-2 after one step).
  const uncorrected = texpExperiment(setting);
  delete uncorrected.optimizer.momentumCorrection;
  const drift = await train(uncorrected, options);
  const ratio1 =
    (stepDecay.history.steps[1].weightNorm["scale-invariant"] as number) /
    (drift.history.steps[1].weightNorm["scale-invariant"] as number);
  assert.ok(Math.abs(ratio1 / theory.scale(1) - 1) > 1e-2);
  const losses = (h: typeof stepDecay.history) => h.steps.map((s) => s.loss);
  const [a, b] = [losses(stepDecay.history), losses(twin.history)];
  for (let k = 0; k < a.length; k++)
    assert.ok(Math.abs(a[k] - b[k]) < 1e-5, `step ${k}: loss ${a[k]} vs ${b[k]}`);
});
