import { checkHyperparameters, type Hyperparameters } from "./hyper.js";

/**
 * The largest λη for which SGD with momentum γ and weight decay has an equivalent exponential LR schedule:
 * (1 − √γ)², where the quadratic x² − (1 + γ − λη) x + γ = 0 has a double root. 0.0026334 for γ = 0.9.
 */
export function maxIntrinsicLR(momentum: number): number {
  return (1 - Math.sqrt(momentum)) ** 2;
}

/**
 * α, the per-step weight-norm factor of the equivalent exponential schedule: the larger root of
 * x² − (1 + γ − λη) x + γ = 0, i.e. α = [(1 + γ − λη) + √((1 + γ − λη)² − 4γ)] / 2; with γ = 0, α = 1 − λη.
 * Example: α({ lr: 0.1, weightDecay: 5e-4, momentum: 0.9 }) = 0.999497728367890.
 * Throws a RangeError when λη > (1 − √γ)² (no real root) or, with γ = 0, when λη ≥ 1 (α would not be positive).
 */
export function alpha(h: Hyperparameters): number {
  checkHyperparameters("theory.alpha", h, false);
  const { momentum } = h;
  const intrinsic = h.lr * h.weightDecay;
  const bound = maxIntrinsicLR(momentum);
  // Without weight decay the runs coincide; return 1 exactly so no rounding-sized correction is applied.
  if (intrinsic === 0) return 1;
  if (momentum === 0) {
    if (intrinsic >= 1) {
      throw new RangeError(
        `theory.alpha: λη = ${intrinsic} must be < 1 without momentum (α = 1 − λη must be positive); lower lr or weightDecay`,
      );
    }
    return 1 - intrinsic;
  }
  if (intrinsic > bound) {
    throw new RangeError(
      `theory.alpha: λη = ${intrinsic} exceeds (1 − √γ)² = ${bound} for momentum γ = ${momentum}, so ` +
        "x² − (1 + γ − λη) x + γ = 0 has no real root and no exponential schedule is equivalent; lower lr or weightDecay",
    );
  }
  const b = 1 + momentum - intrinsic;
  // At the bound the discriminant is 0 up to rounding; clamp so the double root is returned instead of NaN.
  return (b + Math.sqrt(Math.max(0, b * b - 4 * momentum))) / 2;
}

/** The per-step LR growth of the equivalent exponential schedule, α^{−2} (1.001005300601762 for 0.1, 5e-4, 0.9). */
export function stepGrowth(h: Hyperparameters): number {
  return alpha(h) ** -2;
}

/**
 * The per-epoch LR growth α^{−2·stepsPerEpoch}: 1.481233 for η = 0.1, λ = 5e-4, γ = 0.9 and 391 steps per epoch
 * (CIFAR-10 at batch 128), the authors' published 1.481.
 */
export function epochGrowth(h: Hyperparameters, stepsPerEpoch: number): number {
  if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) {
    throw new RangeError(
      `theory.epochGrowth: stepsPerEpoch must be a whole number ≥ 1, got ${stepsPerEpoch}`,
    );
  }
  return alpha(h) ** (-2 * stepsPerEpoch);
}
