/**
 * The float64 SGD loop of the theory tests: the project's one update rule (`sgdUpdate`) on Float64Array, with the
 * optimizer's `momentumCorrection` contract applied before each step (buffer ← buffer + κ_k · w_k, null = zeros).
 */
import { float64Ops } from "../../src/optim/float64.js";
import { type MomentumConvention, sgdUpdate } from "../../src/optim/update.js";
import { multiStep } from "../../src/schedule/basic.js";
import type { Schedule, ScheduleLike } from "../../src/schedule/schedule.js";
import { noisyQuadratic, type StepLoss, scaleInvariantLoss } from "../../src/theory/sphere-loss.js";
import { directionDistance, norm } from "../../src/vectors.js";

export interface RunOptions {
  loss: StepLoss;
  w0: Float64Array;
  steps: number;
  lr: ScheduleLike;
  weightDecay: ScheduleLike;
  momentum: number;
  convention?: MomentumConvention;
  momentumCorrection?: (step: number) => number;
  buffer?: Float64Array | null;
}

const at = (value: ScheduleLike, k: number) => (typeof value === "number" ? value : value(k));

/** The iterates w_0 … w_steps of SGD (coupled weight decay, no dampening, no Nesterov). */
export function runSgd(options: RunOptions): Float64Array[] {
  let w = options.w0;
  let buffer = options.buffer ?? null;
  const trajectory = [w];
  for (let k = 0; k < options.steps; k++) {
    const kappa = options.momentumCorrection?.(k) ?? 0;
    if (kappa !== 0)
      buffer = buffer === null ? float64Ops.axpby(kappa, w, 0, w) : float64Ops.axpby(1, buffer, kappa, w);
    const config = {
      lr: at(options.lr, k),
      weightDecay: at(options.weightDecay, k),
      momentum: options.momentum,
      dampening: 0,
      nesterov: false,
      convention: options.convention ?? "pytorch",
      decoupledWeightDecay: false,
    };
    ({ weights: w, buffer } = sgdUpdate(float64Ops, config, w, options.loss.gradient(w, k), buffer));
    trajectory.push(w);
  }
  return trajectory;
}

/** A fixed pseudo-random number in [−1, 1) for (seed, step, index): the same on every machine and run. */
function hashNoise(seed: number, step: number, index: number): number {
  const x = Math.sin(seed * 12.9898 + (step + 1) * 78.233 + (index + 1) * 37.719) * 43758.5453;
  return 2 * (x - Math.floor(x)) - 1;
}

/** A fixed noise sequence: ξ_k uniform in [−level, level)^dim. */
export function fixedNoise(dim: number, level: number, seed = 1): (step: number) => number[] {
  return (k) => Array.from({ length: dim }, (_, i) => level * hashNoise(seed, k, i));
}

/** The exactly scale-invariant test loss: a quadratic on the sphere plus a fixed per-step noise term. */
export function testLoss(dim = 8, noiseLevel = 0.5): StepLoss {
  return scaleInvariantLoss(
    noisyQuadratic({
      curvature: Array.from({ length: dim }, (_, i) => 1 + i),
      noise: fixedNoise(dim, noiseLevel),
    }),
  );
}

/** A fixed starting point of norm ≈ 1. */
export function startingWeights(dim = 8): Float64Array {
  return Float64Array.from({ length: dim }, (_, i) => Math.cos(1 + 2 * i) / Math.sqrt(dim / 2));
}

/** max_k ‖a_k/‖a_k‖ − b_k/‖b_k‖‖: how far two runs are apart as network functions. */
export function directionError(a: Float64Array[], b: Float64Array[]): number {
  return Math.max(...a.map((ak, k) => directionDistance(ak, b[k])));
}

/** max_k |‖w̃_k‖ · scale(k) / ‖w_k‖ − 1|: how far the weight-norm ratio is from the predicted w_k = c_k w̃_k. */
export function ratioError(
  weightDecayRun: Float64Array[],
  rescaledRun: Float64Array[],
  scale: (k: number) => number,
): number {
  let worst = 0;
  weightDecayRun.forEach((w, k) => {
    worst = Math.max(worst, Math.abs((norm(rescaledRun[k]) * scale(k)) / norm(w) - 1));
  });
  return worst;
}

/** Step Decay: lrs[I] from boundaries[I − 1] on. */
export function stepDecay(boundaries: readonly number[], lrs: readonly number[]): Schedule {
  return multiStep({ init: lrs[0], boundaries, factor: lrs.slice(1).map((lr, i) => lr / lrs[i]) });
}
