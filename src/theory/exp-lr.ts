import { makeSchedule, type Schedule } from "../schedule/schedule.js";
import { alpha } from "./alpha.js";
import { checkHyperparameters, checkStep, finiteLR, type Hyperparameters } from "./hyper.js";

/** An exponential-LR run without weight decay that reproduces a run with weight decay exactly. */
export interface ExpLR {
  /** α, the larger root of x² − (1 + γ − λη) x + γ = 0. */
  readonly alpha: number;
  /** η̃_t = η α^{−2t−1}, to be used with weight decay 0 and the same momentum γ (PyTorch convention). */
  readonly lr: Schedule;
  /** c_k = α^k: the weight-decay run's weights are w_k = c_k · w̃_k. */
  scale(step: number): number;
  /**
   * κ_k for the optimizer's `momentumCorrection` hook (buffer ← buffer + κ_k · w̃_k before step k): κ_0 =
   * −(1 − α)/(α η), i.e. the initial buffer ṽ_0 = −(1 − α)/(α η) · w_0, and 0 afterwards (0 always when γ = 0).
   */
  momentumCorrection(step: number): number;
  /**
   * The same run in the classic (Sutskever) convention u ← γ' u − η̃ d, w ← w + u: it needs momentum γ' = γ/α²
   * and the initial buffer u_0 = (1 − α) w_0 (κ_0 = 1 − α).
   */
  readonly classic: { readonly momentum: number; momentumCorrection(step: number): number };
}

/**
 * Li & Arora's main theorem: SGD with LR η, weight decay λ and momentum γ (PyTorch convention,
 * zero initial buffer) on a scale-invariant loss equals SGD with momentum γ, no weight decay and LR
 * η̃_t = η α^{−2t−1}, started from the same weights and the buffer ṽ_0 = −(1 − α)/(α η) · w_0; then
 * w̃_k = α^{−k} w_k at every step. Example: `expLR({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9 }).lr(0)` =
 * 0.100050252404. With γ = 0 it is the no-momentum theorem: α = 1 − ηλ, no buffer.
 */
export function expLR(h: Hyperparameters): ExpLR {
  checkHyperparameters("theory.expLR", h, true);
  const a = alpha(h);
  const { lr, weightDecay, momentum } = h;
  const where = "theory.expLR";
  const kappa0 = momentum === 0 ? 0 : (a - 1) / (a * lr);
  const classicKappa0 = momentum === 0 ? 0 : 1 - a;
  return {
    alpha: a,
    lr: makeSchedule({ kind: "theory.expLR", lr, weightDecay, momentum }, (step) =>
      finiteLR(where, lr * a ** (-2 * step - 1), step),
    ),
    scale(step) {
      checkStep(where, step);
      return a ** step;
    },
    momentumCorrection(step) {
      checkStep(where, step);
      return step === 0 ? kappa0 : 0;
    },
    classic: {
      momentum: momentum / (a * a),
      momentumCorrection(step) {
        checkStep(where, step);
        return step === 0 ? classicKappa0 : 0;
      },
    },
  };
}
