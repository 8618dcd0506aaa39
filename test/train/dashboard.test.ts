import assert from "node:assert/strict";
import { test } from "node:test";
import type { TrainingDashboard } from "../../src/plot/dashboard.js";
import { dashboardCallbacks } from "../../src/train/dashboard.js";
import { emptyHistory } from "../../src/train/history.js";
import { tinyExperiment } from "./fixture.js";

function recorder() {
  const calls: unknown[][] = [];
  const dashboard = {
    start: (total: number) => calls.push(["start", total]),
    update: (step: number, metrics?: object) => calls.push(["update", step, metrics]),
    finish: () => calls.push(["finish"]),
  } as unknown as TrainingDashboard;
  return { calls, dashboard };
}

test("the dashboard follows the run: total steps, the scale-invariant LR, test metrics, finish", () => {
  const { calls, dashboard } = recorder();
  const c = dashboardCallbacks(dashboard);
  c.onStart?.({
    totalSteps: 6,
    startStep: 3,
    stepsPerEpoch: 3,
    groups: ["norm-affine", "scale-invariant"],
    backend: "cpu",
  });
  const history = emptyHistory(tinyExperiment(), [], 3);
  const lr = { "norm-affine": 0.5, "scale-invariant": 0.1 };
  c.onStep?.({ step: 3, epoch: 1, loss: 2, accuracy: 0.25, lr, weightDecay: {}, weightNorm: {} });
  c.onEpoch?.(
    {
      epoch: 1,
      step: 6,
      trainLoss: 2,
      trainAccuracy: 0.2,
      weightNorm: {},
      testLoss: 1.5,
      testAccuracy: 0.5,
    },
    history,
  );
  c.onEpoch?.({ epoch: 2, step: 9, trainLoss: 2, trainAccuracy: 0.2, weightNorm: {} }, history);
  c.onEnd?.(history);
  assert.deepEqual(calls, [
    ["start", 6],
    ["update", 3, undefined],
    ["update", 4, { lr: 0.1, loss: 2, accuracy: 0.25 }],
    ["update", 6, { testLoss: 1.5, testAccuracy: 0.5 }],
    ["finish"],
  ]);
});

test("a run that fails before starting does not finish a dashboard it never started", () => {
  const { calls, dashboard } = recorder();
  dashboardCallbacks(dashboard).onEnd?.(emptyHistory(tinyExperiment(), [], 3));
  assert.deepEqual(calls, []);
});
