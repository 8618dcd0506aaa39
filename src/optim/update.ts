/**
 * The SGD update rule, written once for every array kind.
 *
 * The theory's float64 checks and tfjs training call this same function, so a test of the theorem is a test of the
 * code that trains. Each line of the rule is an `axpby` (a·x + b·y), the only operation an array kind must supply.
 *
 * Conventions (PAPER.md §1), with d_k = g_k + λ w_k for coupled (L2) weight decay:
 * - `pytorch` (torch.optim.SGD, the default): v ← γ v + (1 − τ) d (v ← d on the first step when no buffer is
 *   given); w ← w − η v, or w ← w − η (d + γ v) with Nesterov.
 * - `classic` (Sutskever et al. 2013): u ← γ u − η d; w ← w + u, or w ← w + γ u − η d with Nesterov.
 * The two agree while η is constant and differ as soon as it changes: with η_k varying, the PyTorch form is
 * w_{k+1} − w_k = γ (η_k/η_{k−1}) (w_k − w_{k−1}) − η_k d_k, the classic one drops the ratio η_k/η_{k−1}.
 *
 * Decoupled weight decay (Loshchilov & Hutter's SGDW) leaves λ out of d and shrinks the weights directly:
 * w ← w − η λ w − η · step(g).
 */

/** Elementwise arithmetic the update rule needs from an array kind. */
export interface LinearOps<T> {
  /** Returns a·x + b·y, elementwise. */
  axpby(a: number, x: T, b: number, y: T): T;
}

/** How momentum meets a changing LR: "pytorch" (v ← γv + d; w ← w − ηv) or "classic" (u ← γu − ηd; w ← w + u). */
export type MomentumConvention = "pytorch" | "classic";

/** Hyperparameters of one step of one parameter group, already resolved from their schedules. */
export interface SgdStepConfig {
  lr: number;
  weightDecay: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
  convention: MomentumConvention;
  decoupledWeightDecay: boolean;
}

/** The outcome of one `sgdUpdate`. */
export interface SgdStepResult<T> {
  weights: T;
  /** The new momentum buffer (v in the PyTorch convention, u in the classic one); null when momentum is 0. */
  buffer: T | null;
}

/**
 * One SGD step on one tensor. `buffer` is null before the first step, which PyTorch treats as "start from d"
 * and the classic rule as u = 0; an explicit buffer (e.g. zeros, or the exact-equivalence buffer of PAPER.md §4)
 * is always used as given.
 */
export function sgdUpdate<T>(
  ops: LinearOps<T>,
  config: SgdStepConfig,
  weights: T,
  grad: T,
  buffer: T | null,
): SgdStepResult<T> {
  const { lr, weightDecay, momentum, dampening, nesterov, convention, decoupledWeightDecay } = config;
  const coupled = weightDecay !== 0 && !decoupledWeightDecay;
  const direction = coupled ? ops.axpby(1, grad, weightDecay, weights) : grad;
  const start =
    decoupledWeightDecay && weightDecay !== 0
      ? ops.axpby(1 - lr * weightDecay, weights, 0, weights)
      : weights;

  if (momentum === 0) {
    return { weights: ops.axpby(1, start, -lr, direction), buffer: null };
  }
  if (convention === "pytorch") {
    // A fresh array even on the first step: the buffer must not alias the caller's gradient, which the caller
    // may overwrite or dispose after the step.
    const v =
      buffer === null
        ? ops.axpby(1, direction, 0, direction)
        : ops.axpby(momentum, buffer, 1 - dampening, direction);
    const step = nesterov ? ops.axpby(1, direction, momentum, v) : v;
    return { weights: ops.axpby(1, start, -lr, step), buffer: v };
  }
  const u =
    buffer === null ? ops.axpby(-lr, direction, 0, direction) : ops.axpby(momentum, buffer, -lr, direction);
  const moved = nesterov ? ops.axpby(1, start, momentum, u) : ops.axpby(1, start, 1, u);
  return { weights: nesterov ? ops.axpby(1, moved, -lr, direction) : moved, buffer: u };
}
