import type { TrainingDashboard } from "../plot/dashboard.js";
import type { TrainCallbacks } from "./loop.js";

/**
 * Shows a run on a `plot.TrainingDashboard`: a live plot in a notebook, a progress bar in a terminal. The LR shown
 * is the scale-invariant group's (else the first group's). Example:
 * `await train(experiment, { callbacks: [dashboardCallbacks(new plot.TrainingDashboard({ title: "TEXP" }))] })`.
 */
export function dashboardCallbacks(dashboard: TrainingDashboard): TrainCallbacks {
  let shownKind = "";
  let started = false;
  return {
    onStart({ totalSteps, startStep, groups }) {
      started = true;
      shownKind = groups.includes("scale-invariant") ? "scale-invariant" : groups[0];
      dashboard.start(totalSteps);
      if (startStep > 0) dashboard.update(startStep);
    },
    onStep(record) {
      const lr = record.lr[shownKind as keyof typeof record.lr];
      dashboard.update(record.step + 1, { lr, loss: record.loss, accuracy: record.accuracy });
    },
    onEpoch(record) {
      if (record.testLoss !== undefined) {
        dashboard.update(record.step, { testLoss: record.testLoss, testAccuracy: record.testAccuracy });
      }
    },
    onEnd() {
      // A run that failed before its first step (a bad checkpoint, say) never started the dashboard.
      if (started) dashboard.finish();
      started = false;
    },
  };
}
