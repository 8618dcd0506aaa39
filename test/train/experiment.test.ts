import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveGroups } from "../../src/optim/config.js";
import { texp } from "../../src/theory/texp.js";
import { checkExperiment, type Experiment, optimizerConfig } from "../../src/train/experiment.js";
import { tinyExperiment } from "./fixture.js";

test("bad experiments are refused, naming the field and the fix", () => {
  const bad = (change: Record<string, unknown>) => ({ ...tinyExperiment(), ...change }) as Experiment;
  assert.throws(() => checkExperiment(bad({ epochs: 0 })), /epochs must be a positive integer, got 0/);
  assert.throws(
    () => checkExperiment(bad({ data: { ...tinyExperiment().data, batchSize: 2.5 } })),
    /data.batchSize must be a positive integer, got 2.5/,
  );
  assert.throws(
    () => checkExperiment(bad({ data: { ...tinyExperiment().data, dataset: "mnist" } })),
    /use "cifar10"/,
  );
  assert.throws(() => checkExperiment(bad({ evalStatistics: "eval" })), /use "running" or "batch"/);
  assert.throws(() => checkExperiment(bad({ evalEvery: -1 })), /evalEvery must be an integer ≥ 0/);
  assert.throws(() => checkExperiment(bad({ model: undefined })), /"model" is missing/);
  assert.throws(
    () => checkExperiment(bad({ optimizer: { lr: 0.1, groups: { conv: { weightDecay: 1e-4 } } } })),
    /"conv", which is no parameter kind; use scale-invariant, norm-affine, bias, output/,
  );
  assert.throws(() => checkExperiment(bad({ checkpoint: { dir: "runs/x", every: 0 } })), /checkpoint.every/);
  checkExperiment(tinyExperiment());
});

test("optimizerConfig makes one group per kind with the per-kind overrides and schedules from specs", () => {
  const config = optimizerConfig(
    {
      lr: { kind: "multiStep", init: 0.1, boundaries: [10], factor: 0.1 },
      momentum: 0.9,
      groups: { "scale-invariant": { weightDecay: 5e-4 }, output: { frozen: true } },
    },
    ["scale-invariant", "bias", "output"],
  );
  const groups = resolveGroups(config);
  assert.equal(groups.length, 3);
  assert.deepEqual(
    groups.map((g) => [g.weightDecay, g.frozen, g.momentum]),
    [
      [5e-4, false, 0.9],
      [0, false, 0.9],
      [0, true, 0.9],
    ],
  );
  const lr = groups[0].lr as (k: number) => number;
  assert.equal(lr(9), 0.1);
  assert.ok(Math.abs(lr(10) - 0.01) < 1e-15);
});

test("a TEXP optimizer gets the theory's LR and momentum correction from the same spec", () => {
  const spec = { kind: "theory.texp", boundaries: [5], lrs: [0.1, 0.01], weightDecay: 5e-4, momentum: 0.9 };
  const [group] = resolveGroups(
    optimizerConfig({ lr: spec, momentum: 0.9, momentumCorrection: spec }, ["scale-invariant"]),
  );
  const theory = texp({ boundaries: [5], lrs: [0.1, 0.01], weightDecay: 5e-4, momentum: 0.9 });
  for (const k of [0, 1, 4, 5, 6]) {
    assert.equal((group.lr as (k: number) => number)(k), theory.lr(k));
    assert.equal(group.momentumCorrection?.(k), theory.momentumCorrection(k));
  }
  assert.notEqual(theory.momentumCorrection(5), 0);
  assert.throws(
    () => optimizerConfig({ lr: 0.1, momentumCorrection: { kind: "nope" } }, ["scale-invariant"]),
    /no registered kind; use one of theory.texp/,
  );
});

test("checkExperiment refuses unknown fields at every level, naming the field and the known ones", () => {
  const e = tinyExperiment();
  const cases: [unknown, RegExp][] = [
    [
      { ...e, epochz: 3 },
      /experiment: epochz is not a field of an experiment; the known ones are name, model, data/,
    ],
    [
      { ...e, model: { ...e.model, widht: 4 } },
      /model\.widht is not a field of model; the known ones are arch/,
    ],
    [{ ...e, data: { ...e.data, batchsize: 4 } }, /data\.batchsize is not a field of data/],
    [
      { ...e, optimizer: { ...e.optimizer, momentun: 0.9 } },
      /optimizer\.momentun is not a field of optimizer/,
    ],
    [
      { ...e, optimizer: { lr: 0.1, groups: { "scale-invariant": { wd: 1 } } } },
      /optimizer\.groups\.scale-invariant\.wd is not a field of optimizer\.groups\.scale-invariant/,
    ],
    [{ ...e, checkpoint: { dir: "x", every: 1, keep: 2 } }, /checkpoint\.keep is not a field of checkpoint/],
    [
      { ...e, parallel: { workers: 1, threads: 2 } },
      /parallel\.threads is not a field of parallel; the known ones are workers/,
    ],
  ];
  for (const [experiment, message] of cases) {
    assert.throws(() => checkExperiment(experiment as Experiment), message);
  }
});
