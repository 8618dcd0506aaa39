import type { LinearOps } from "../optim/update.js";
import { makeSchedule, type ScheduleLike } from "../schedule/schedule.js";

/** The parts of an SGD run that the joint rescaling changes. */
export interface RunStart<T> {
  lr: ScheduleLike;
  weightDecay: ScheduleLike;
  weights: T;
  /** The momentum buffer before the first step; null for none (zeros). */
  buffer: T | null;
}

/** factor · value, as a number or a schedule of kind "theory.rescaled". */
export function scaled(value: ScheduleLike, factor: number): ScheduleLike {
  if (typeof value === "number") return value * factor;
  return makeSchedule(
    { kind: "theory.rescaled", factor, schedule: value.spec },
    (step) => factor * value(step),
  );
}

/**
 * The joint rescaling (η, λ, w_0, v_0) → (cη, λ/c, √c·w_0, v_0/√c), c > 0: on a scale-invariant loss, SGD with
 * momentum (PyTorch convention) then visits √c·w_k, so only ηλ and η/‖w_0‖² matter. Works on any array kind.
 * Example: `rescale(float64Ops, { lr: 0.1, weightDecay: 5e-4, weights: w0, buffer: null }, 4)`.
 */
export function rescale<T>(ops: LinearOps<T>, start: RunStart<T>, c: number): RunStart<T> {
  if (!(c > 0) || !Number.isFinite(c)) {
    throw new RangeError(`theory.rescale: the factor c must be a finite number > 0, got ${c}`);
  }
  const root = Math.sqrt(c);
  return {
    lr: scaled(start.lr, c),
    weightDecay: scaled(start.weightDecay, 1 / c),
    weights: ops.axpby(root, start.weights, 0, start.weights),
    buffer: start.buffer === null ? null : ops.axpby(1 / root, start.buffer, 0, start.buffer),
  };
}
