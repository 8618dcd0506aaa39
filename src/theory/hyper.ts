import type { ScheduleLike } from "../schedule/schedule.js";

/** The three hyperparameters the theory is about: LR η, coupled weight decay λ, momentum γ. */
export interface Hyperparameters {
  lr: number;
  weightDecay: number;
  momentum: number;
}

/**
 * Refuses hyperparameters the theory has no answer for: NaN or infinite values, η or λ < 0 (η ≤ 0 when
 * `positiveLR`, because the schedules divide by η), γ outside [0, 1).
 */
export function checkHyperparameters(where: string, h: Hyperparameters, positiveLR: boolean): void {
  for (const name of ["lr", "weightDecay", "momentum"] as const) {
    const value = h[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(`${where}: ${name} must be a finite number, got ${String(value)}`);
    }
  }
  if (positiveLR ? !(h.lr > 0) : h.lr < 0) {
    throw new RangeError(`${where}: lr must be ${positiveLR ? "> 0" : "≥ 0"}, got ${h.lr}`);
  }
  if (h.weightDecay < 0) throw new RangeError(`${where}: weightDecay must be ≥ 0, got ${h.weightDecay}`);
  if (!(h.momentum >= 0 && h.momentum < 1)) {
    throw new RangeError(`${where}: momentum must be in [0, 1), got ${h.momentum}`);
  }
}

/** Refuses a step that is not a whole number ≥ 0 (and, with `end`, not below `end`). */
export function checkStep(where: string, step: number, end?: number): void {
  if (!Number.isInteger(step) || step < 0) {
    throw new RangeError(`${where}: the step must be a whole number ≥ 0, got ${step}`);
  }
  if (end !== undefined && step >= end) {
    throw new RangeError(`${where}: step ${step} is past the last step ${end - 1} it was computed for`);
  }
}

/**
 * Returns an exponential schedule's value, or refuses it when float64 overflowed: a run that far out cannot be
 * represented without weight decay, so the error says to keep the WD run or to rescale.
 */
export function finiteLR(where: string, value: number, step: number): number {
  if (!Number.isFinite(value) || value === 0) {
    throw new RangeError(
      `${where}: the equivalent LR at step ${step} is ${value}, outside float64; stop earlier or use the weight-decay run`,
    );
  }
  return value;
}
