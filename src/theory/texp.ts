import { makeSchedule, type Schedule } from "../schedule/schedule.js";
import { alpha } from "./alpha.js";
import { checkHyperparameters, checkStep, finiteLR } from "./hyper.js";

/** Step Decay: LR `lrs[I]` from step `boundaries[I − 1]` (0 for I = 0) on; constant weight decay and momentum. */
export interface StepDecayOptions {
  /** The first step of each phase after the first, strictly increasing, > 0. */
  boundaries: readonly number[];
  /** One LR per phase, each > 0: one more than there are boundaries. */
  lrs: readonly number[];
  weightDecay: number;
  momentum: number;
}

/** TEXP: the tapered exponential schedule equivalent to a Step Decay run with weight decay. */
export interface Texp {
  /** α_I of each phase, the larger root for (γ, λ, η_I). */
  readonly alphas: readonly number[];
  /** η̃_k: η̃_0 = η_0/α_0, × α_I^{−2} per step inside phase I, × (η_I/η_{I−1})/(α_{I−1} α_I) at its first step. */
  readonly lr: Schedule;
  /** c_k = ∏_{j<k} α_{I(j)}: the Step Decay weights are w_k = c_k · w̃_k. */
  scale(step: number): number;
  /**
   * κ_k for the optimizer's `momentumCorrection` hook (buffer ← buffer + κ_k · w̃_k before step k):
   * κ_0 = −(1 − α_0)/(α_0 η_0) (the initial buffer), κ_T = (1 − α_{I−1})/η̃_{T−1} − (1 − α_I)/(α_I² η̃_T) at the first
   * step T of phase I, 0 elsewhere and whenever γ = 0.
   */
  momentumCorrection(step: number): number;
}

/** The phase of a step: the number of boundaries at or below it. */
function phaseOf(boundaries: readonly number[], step: number): number {
  let phase = 0;
  while (phase < boundaries.length && step >= boundaries[phase]) phase++;
  return phase;
}

/**
 * Li & Arora's TEXP: SGD with Step Decay (LR η_I in phase I), weight decay λ and momentum γ (PyTorch
 * convention, zero initial buffer) equals SGD without weight decay whose LR grows by α_I^{−2} per step in phase I
 * and is divided by the Step Decay factor at each boundary, with the momentum corrections of `momentumCorrection`;
 * then w_k = c_k w̃_k exactly. Without the boundary corrections the runs differ slightly after each boundary.
 * Example: `texp({ boundaries: [80 * 391, 120 * 391], lrs: [0.1, 0.01, 0.001], weightDecay: 5e-4, momentum: 0.9 })`.
 */
export function texp(options: StepDecayOptions): Texp {
  const where = "theory.texp";
  const { boundaries, lrs, weightDecay, momentum } = options;
  if (lrs.length !== boundaries.length + 1) {
    throw new RangeError(
      `${where}: ${lrs.length} lrs for ${boundaries.length} boundaries; give one LR per phase, i.e. ${boundaries.length + 1}`,
    );
  }
  boundaries.forEach((b, i) => {
    const previous = i === 0 ? 0 : boundaries[i - 1];
    if (!Number.isInteger(b) || b <= previous) {
      throw new RangeError(
        `${where}: boundaries must be whole numbers, strictly increasing and > 0; boundary ${i} is ${b} after ${previous}`,
      );
    }
  });
  for (const lr of lrs) checkHyperparameters(where, { lr, weightDecay, momentum }, true);
  const alphas = lrs.map((lr) => alpha({ lr, weightDecay, momentum }));
  const starts = [0, ...boundaries];
  // c at the first step of each phase, as a product over the phases before it.
  const startScales = [1];
  for (let i = 1; i < starts.length; i++) {
    startScales.push(startScales[i - 1] * alphas[i - 1] ** (starts[i] - starts[i - 1]));
  }
  const scale = (step: number) => {
    const phase = phaseOf(boundaries, step);
    return startScales[phase] * alphas[phase] ** (step - starts[phase]);
  };
  // η̃_k = η_k/(c_k c_{k+1}) with c_{k+1} = α_I c_k.
  const lrAt = (step: number) => {
    const phase = phaseOf(boundaries, step);
    return finiteLR(where, lrs[phase] / (alphas[phase] * scale(step) ** 2), step);
  };
  return {
    alphas,
    lr: makeSchedule(
      { kind: "theory.texp", boundaries: [...boundaries], lrs: [...lrs], weightDecay, momentum },
      lrAt,
    ),
    scale(step) {
      checkStep(where, step);
      return scale(step);
    },
    momentumCorrection(step) {
      checkStep(where, step);
      if (momentum === 0) return 0;
      if (step === 0) return (alphas[0] - 1) / (alphas[0] * lrs[0]);
      const phase = boundaries.indexOf(step) + 1;
      if (phase === 0) return 0;
      const before = alphas[phase - 1];
      const after = alphas[phase];
      return (1 - before) / lrAt(step - 1) - (1 - after) / (after * after * lrAt(step));
    },
  };
}
