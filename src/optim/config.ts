import { type ScheduleLike, valueAt } from "../schedule/schedule.js";
import type { MomentumConvention, SgdStepConfig } from "./update.js";

/** Hyperparameters of a parameter group. */
export interface SgdGroupOptions {
  /** Learning rate η_k: a number ≥ 0 or a schedule of the step. */
  lr: ScheduleLike;
  /** Momentum γ in [0, 1); default 0. */
  momentum?: number;
  /** Dampening τ in [0, 1] (PyTorch convention only): v ← γ v + (1 − τ) d; default 0. */
  dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0, as in PyTorch); default false. */
  nesterov?: boolean;
  /** Weight decay λ_k: a number ≥ 0 or a schedule; default 0. */
  weightDecay?: ScheduleLike;
  /** Decoupled (SGDW) instead of coupled (L2) weight decay: w ← (1 − ηλ) w − η·step; default false. */
  decoupledWeightDecay?: boolean;
  /** A frozen group never moves: its gradients are ignored and it keeps no momentum buffer. */
  frozen?: boolean;
  /**
   * Momentum buffer correction. Before step k, when κ = momentumCorrection(k) ≠ 0, every buffer of the group
   * becomes buffer + κ · w_k (a buffer not yet created counts as zeros). The theory uses it for the
   * exact-equivalence initial buffer and TEXP's boundary correction; the optimizer only applies it.
   */
  momentumCorrection?: (step: number) => number;
}

/**
 * The optimizer's configuration: defaults for every group, the momentum convention, and per-group overrides.
 * `lr` is required, at the top level or in every group.
 * `convention` is "pytorch" (torch.optim.SGD, the default) or "classic" (Sutskever); see `sgdUpdate`.
 * Example: WD on the scale-invariant weights only, the last layer frozen:
 * `{ lr: 0.1, momentum: 0.9, groups: [{ weightDecay: 5e-4 }, { weightDecay: 0 }, { frozen: true }] }`.
 */
export interface SgdConfig extends Partial<SgdGroupOptions> {
  convention?: MomentumConvention;
  /** One entry per parameter group, each overriding the defaults above. Without it there is one group. */
  groups?: readonly Partial<SgdGroupOptions>[];
}

/** A group's options with every default filled in and validated. */
export interface ResolvedGroup {
  readonly index: number;
  readonly lr: ScheduleLike;
  readonly weightDecay: ScheduleLike;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly decoupledWeightDecay: boolean;
  readonly frozen: boolean;
  readonly convention: MomentumConvention;
  readonly momentumCorrection?: (step: number) => number;
}

/** A wrong value as a message shows it: a string says it is one (a number in quotes is a string in JSON). */
const shown = (value: unknown) =>
  typeof value === "string"
    ? `the string ${JSON.stringify(value)} (write numbers without quotes)`
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);

function checkScheduleLike(where: string, name: string, value: unknown): ScheduleLike {
  if (typeof value === "function") return value as ScheduleLike;
  if (typeof value !== "number") {
    throw new TypeError(`${where}: ${name} must be a number or a schedule, got ${shown(value)}`);
  }
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${name} must be a finite number ≥ 0, got ${value}`);
  }
  return value;
}

/** Fills defaults and refuses invalid or contradictory hyperparameters, naming the group. */
export function resolveGroups(config: SgdConfig): ResolvedGroup[] {
  const convention = config.convention ?? "pytorch";
  if (convention !== "pytorch" && convention !== "classic") {
    throw new RangeError(
      `optim.sgd: convention must be "pytorch" or "classic", got ${JSON.stringify(convention)}`,
    );
  }
  const { groups, convention: _, ...defaults } = config;
  const overrides = groups ?? [{}];
  if (!Array.isArray(overrides) || overrides.length === 0) {
    throw new RangeError("optim.sgd: groups must be a non-empty array (omit it for a single group)");
  }
  return overrides.map((override, index) => {
    const where = groups === undefined ? "optim.sgd" : `optim.sgd group ${index}`;
    const g = { ...defaults, ...override };
    if (g.lr === undefined) {
      throw new TypeError(`${where}: lr is missing; give it at the top level or in every group`);
    }
    const lr = checkScheduleLike(where, "lr", g.lr);
    const weightDecay = checkScheduleLike(where, "weightDecay", g.weightDecay ?? 0);
    const momentum = g.momentum ?? 0;
    if (typeof momentum !== "number" || !(momentum >= 0 && momentum < 1)) {
      throw new RangeError(`${where}: momentum must be in [0, 1), got ${shown(momentum)}`);
    }
    const dampening = g.dampening ?? 0;
    if (typeof dampening !== "number" || !(dampening >= 0 && dampening <= 1)) {
      throw new RangeError(`${where}: dampening must be in [0, 1], got ${shown(dampening)}`);
    }
    if (convention === "classic" && dampening !== 0) {
      throw new RangeError(
        `${where}: dampening ${dampening} is not defined in the classic convention (u ← γu − ηd has no dampening); ` +
          'use convention "pytorch" or dampening 0',
      );
    }
    const nesterov = g.nesterov ?? false;
    if (nesterov && (momentum === 0 || dampening !== 0)) {
      throw new RangeError(
        `${where}: Nesterov momentum requires momentum > 0 and dampening 0, got momentum ${momentum} and ` +
          `dampening ${dampening}`,
      );
    }
    if (g.momentumCorrection !== undefined && typeof g.momentumCorrection !== "function") {
      throw new TypeError(`${where}: momentumCorrection must be a function of the step`);
    }
    return {
      index,
      lr,
      weightDecay,
      momentum,
      dampening,
      nesterov,
      decoupledWeightDecay: g.decoupledWeightDecay ?? false,
      frozen: g.frozen ?? false,
      convention,
      momentumCorrection: g.momentumCorrection,
    };
  });
}

function scheduledValue(group: ResolvedGroup, name: "lr" | "weightDecay", step: number): number {
  const value = valueAt(group[name], step);
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(
      `optim.sgd group ${group.index}: the ${name} schedule gave ${value} at step ${step}; it must be a finite ` +
        "number ≥ 0",
    );
  }
  return value;
}

/** The group's hyperparameters at a step, with the schedules evaluated and checked. */
export function stepConfig(group: ResolvedGroup, step: number): SgdStepConfig {
  return {
    lr: scheduledValue(group, "lr", step),
    weightDecay: scheduledValue(group, "weightDecay", step),
    momentum: group.momentum,
    dampening: group.dampening,
    nesterov: group.nesterov,
    convention: group.convention,
    decoupledWeightDecay: group.decoupledWeightDecay,
  };
}

/** κ of the group's momentum correction at a step (0 without one), checked. */
export function momentumCorrectionAt(group: ResolvedGroup, step: number): number {
  if (group.momentumCorrection === undefined) return 0;
  const kappa = group.momentumCorrection(step);
  if (typeof kappa !== "number" || !Number.isFinite(kappa)) {
    throw new RangeError(
      `optim.sgd group ${group.index}: momentumCorrection returned ${kappa} at step ${step}; it must be a finite number`,
    );
  }
  if (kappa !== 0 && group.momentum === 0) {
    throw new RangeError(
      `optim.sgd group ${group.index}: momentumCorrection returned ${kappa} at step ${step} but the group has ` +
        "momentum 0, so there is no buffer to correct",
    );
  }
  return kappa;
}
