import type { ScheduleSpec } from "../schedule/schedule.js";

/** Builds κ(step) for the optimizer's `momentumCorrection` hook from a JSON spec of one kind. */
export type MomentumCorrectionBuilder = (spec: ScheduleSpec) => (step: number) => number;

const builders = new Map<string, MomentumCorrectionBuilder>();

/**
 * Registers how a momentum correction of kind `kind` is rebuilt from its JSON spec, so an experiment file can name
 * it (a function has no JSON form). Registering a kind twice with another builder is an error.
 * Example: `registerMomentumCorrection("theory.texp", (spec) => texp(spec as StepDecayOptions).momentumCorrection)`.
 */
export function registerMomentumCorrection(kind: string, build: MomentumCorrectionBuilder): void {
  const existing = builders.get(kind);
  if (existing !== undefined && existing !== build) {
    throw new Error(`registerMomentumCorrection: kind "${kind}" is already registered; choose another name`);
  }
  builders.set(kind, build);
}

/** The registered momentum-correction kinds, sorted. */
export function momentumCorrectionKinds(): string[] {
  return [...builders.keys()].sort();
}

/** Rebuilds κ(step) from its spec; an unknown kind is an error that lists the known ones. */
export function momentumCorrectionFromJSON(spec: ScheduleSpec): (step: number) => number {
  const build = typeof spec === "object" && spec !== null ? builders.get(spec.kind) : undefined;
  if (build === undefined) {
    throw new TypeError(
      `momentumCorrection ${JSON.stringify(spec)} has no registered kind; use one of ${momentumCorrectionKinds().join(", ")} ` +
        "or register it with optim.registerMomentumCorrection",
    );
  }
  return build(spec);
}
