import { checkHyperparameters, type Hyperparameters } from "./hyper.js";

/** Hyperparameters plus G, the gradient norm of the scale-invariant loss at unit weight norm. */
export interface EquilibriumOptions extends Hyperparameters {
  gradNorm: number;
}

function check(where: string, options: EquilibriumOptions, needsGrad: boolean): void {
  checkHyperparameters(where, options, true);
  if (!(options.weightDecay > 0)) {
    throw new RangeError(
      `${where}: weightDecay must be > 0 for an equilibrium to exist, got ${options.weightDecay}`,
    );
  }
  if (needsGrad && !(options.gradNorm > 0 && Number.isFinite(options.gradNorm))) {
    throw new RangeError(`${where}: gradNorm must be a finite number > 0, got ${options.gradNorm}`);
  }
}

/**
 * The angle between w_k and w_{k+1} at equilibrium, Δ ≈ √(2ηλ/(1 + γ)) radians per step, for gradients that are
 * uncorrelated from step to step. Example: η = 0.1, λ = 5e-4, γ = 0.9 → 0.00725.
 */
export function angularUpdate(h: Hyperparameters): number {
  check("theory.angularUpdate", { ...h, gradNorm: 1 }, false);
  return Math.sqrt((2 * h.lr * h.weightDecay) / (1 + h.momentum));
}

/** The equilibrium squared weight norm, ‖w‖² ≈ G·√(η/(2λ(1 − γ))), where WD's shrinking balances the gradient's growth. */
export function equilibriumNormSquared(options: EquilibriumOptions): number {
  check("theory.equilibriumNormSquared", options, true);
  const { lr, weightDecay, momentum, gradNorm } = options;
  return gradNorm * Math.sqrt(lr / (2 * weightDecay * (1 - momentum)));
}

/** The effective LR at equilibrium, η/‖w‖² ≈ √(2λη(1 − γ))/G: the LR the direction w/‖w‖ actually sees. */
export function effectiveLR(options: EquilibriumOptions): number {
  check("theory.effectiveLR", options, true);
  const { lr, weightDecay, momentum, gradNorm } = options;
  return Math.sqrt(2 * weightDecay * lr * (1 - momentum)) / gradNorm;
}
