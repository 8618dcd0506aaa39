import { makeSchedule, type Schedule } from "./schedule.js";
import { requireInteger, requirePositive } from "./validate.js";

/** Arguments of `oneCycle`. */
export interface OneCycleOptions {
  /** The peak value (OneCycleLR's max_lr). */
  max: number;
  /** Length of the cycle (total_steps). */
  steps: number;
  /** Fraction of the cycle spent rising (pct_start); default 0.3. */
  pctStart?: number;
  /** Shape of each phase (anneal_strategy); default "cos". */
  anneal?: "cos" | "linear";
  /** Start value = max / divFactor; default 25. */
  divFactor?: number;
  /** Final value = start value / finalDivFactor; default 1e4. */
  finalDivFactor?: number;
  /** Three phases (rise, fall back to the start value, fall to the final value) instead of two; default false. */
  threePhase?: boolean;
}

/**
 * The 1cycle policy, step for step as PyTorch's OneCycleLR. With N = steps, p = pctStart, s = max/divFactor and
 * f = s/finalDivFactor, the phases end at steps p·N − 1 (s → max) and N − 1 (max → f); with threePhase at
 * p·N − 1 (s → max), 2p·N − 2 (max → s) and N − 1 (s → f). Inside a phase from step a to b, from u to v:
 * cos: v + (u − v)(1 + cos(π x))/2, linear: u + (v − u) x, with x = (k − a)/(b − a).
 * After the cycle the value stays f (PyTorch raises instead).
 *
 * @example
 *   const s = oneCycle({ max: 0.1, steps: 100 });
 *   s(0); // → 0.004
 *   // the peak, at 30 % of the steps
 *   s(29); // → 0.1
 */
export function oneCycle(options: OneCycleOptions): Schedule {
  const where = "schedule.oneCycle";
  const max = requirePositive(where, "max", options.max);
  const steps = requireInteger(where, "steps", options.steps, 2);
  const pctStart = requirePositive(where, "pctStart", options.pctStart ?? 0.3);
  const anneal = options.anneal ?? "cos";
  if (anneal !== "cos" && anneal !== "linear") {
    throw new RangeError(`${where}: anneal must be "cos" or "linear", got ${JSON.stringify(anneal)}`);
  }
  const divFactor = requirePositive(where, "divFactor", options.divFactor ?? 25);
  const finalDivFactor = requirePositive(where, "finalDivFactor", options.finalDivFactor ?? 1e4);
  const threePhase = options.threePhase ?? false;
  const start = max / divFactor;
  const end = start / finalDivFactor;
  const rise = pctStart * steps - 1;
  const phases = threePhase
    ? [
        { end: rise, from: start, to: max },
        { end: 2 * pctStart * steps - 2, from: max, to: start },
        { end: steps - 1, from: start, to: end },
      ]
    : [
        { end: rise, from: start, to: max },
        { end: steps - 1, from: max, to: end },
      ];
  let previousEnd = 0;
  for (const phase of phases) {
    if (!(phase.end > previousEnd)) {
      throw new RangeError(
        `${where}: pctStart ${pctStart} with ${steps} steps leaves an empty phase ending at step ${phase.end}; ` +
          `choose pctStart so that every phase has at least one step${threePhase ? " (pctStart < 0.5 with threePhase)" : ""}`,
      );
    }
    previousEnd = phase.end;
  }
  const shape =
    anneal === "cos"
      ? (u: number, v: number, x: number) => v + ((u - v) / 2) * (Math.cos(Math.PI * x) + 1)
      : (u: number, v: number, x: number) => (v - u) * x + u;
  return makeSchedule(
    { kind: "oneCycle", max, steps, pctStart, anneal, divFactor, finalDivFactor, threePhase },
    (k) => {
      if (k >= steps - 1) return end;
      let from = 0;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i];
        if (k <= phase.end || i === phases.length - 1) {
          return shape(phase.from, phase.to, (k - from) / (phase.end - from));
        }
        from = phase.end;
      }
      return end;
    },
  );
}
