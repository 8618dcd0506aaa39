import { type ScheduleBuilder, scheduleBuilders } from "./schedule/kinds.js";
import type { Schedule, ScheduleSpec } from "./schedule/schedule.js";
import { theoryMomentumCorrections, theoryScheduleBuilders } from "./theory/schedule-kinds.js";

/**
 * Every kind a saved spec can name, in one place: the schedules `schedule.fromJSON` rebuilds (this library's, then
 * the theory's) and the momentum corrections an experiment's `momentumCorrection` names (a function has no JSON
 * form). Kinds of a user's own go beside them through `registerScheduleKind` and `registerMomentumCorrection`.
 */

/** Builds κ(step) for the optimizer's `momentumCorrection` hook from a JSON spec of one kind. */
export type MomentumCorrectionBuilder = (spec: ScheduleSpec) => (step: number) => number;

const scheduleKindTable = new Map<string, ScheduleBuilder>([
  ...Object.entries(scheduleBuilders),
  ...Object.entries(theoryScheduleBuilders),
]);

const momentumCorrectionTable = new Map<string, MomentumCorrectionBuilder>(
  Object.entries(theoryMomentumCorrections),
);

/** Adds `build` under `kind`; the same kind with another builder is an error (two meanings of one saved spec). */
function addKind<B>(table: Map<string, B>, kind: string, build: B, where: string): void {
  const existing = table.get(kind);
  if (existing !== undefined && existing !== build) {
    throw new Error(`${where}: kind "${kind}" is already registered; choose another kind name`);
  }
  table.set(kind, build);
}

/** Teaches `fromJSON` a schedule kind of the user's own. */
export function registerScheduleKind(kind: string, build: ScheduleBuilder): void {
  addKind(scheduleKindTable, kind, build, "registerScheduleKind");
}

/** The schedule kinds `fromJSON` knows, sorted. */
export function scheduleKinds(): string[] {
  return [...scheduleKindTable.keys()].sort();
}

/**
 * Rebuilds a schedule from its spec: `fromJSON(s.toJSON())(k) === s(k)` for every known kind.
 * Accepts the parsed object or the JSON text.
 */
export function fromJSON(spec: ScheduleSpec | string): Schedule {
  const parsed: unknown = typeof spec === "string" ? JSON.parse(spec) : spec;
  if (typeof parsed !== "object" || parsed === null || typeof (parsed as ScheduleSpec).kind !== "string") {
    throw new TypeError(
      `schedule.fromJSON: expected an object with a string "kind", got ${JSON.stringify(parsed)}`,
    );
  }
  const { kind } = parsed as ScheduleSpec;
  const build = scheduleKindTable.get(kind);
  if (build === undefined) {
    throw new RangeError(
      `schedule.fromJSON: unknown kind "${kind}"; known kinds: ${scheduleKinds().join(", ")}. ` +
        "A kind of your own needs schedule.registerScheduleKind before rebuilding.",
    );
  }
  return build(parsed as ScheduleSpec, fromJSON);
}

/**
 * Teaches `momentumCorrectionFromJSON` a kind of the user's own.
 * Example: `registerMomentumCorrection("mine.initialOnly", (spec) => (k) => (k === 0 ? spec.at0 : 0))`.
 */
export function registerMomentumCorrection(kind: string, build: MomentumCorrectionBuilder): void {
  addKind(momentumCorrectionTable, kind, build, "registerMomentumCorrection");
}

/** The momentum-correction kinds known, sorted. */
export function momentumCorrectionKinds(): string[] {
  return [...momentumCorrectionTable.keys()].sort();
}

/** Rebuilds κ(step) from its spec; an unknown kind is an error that lists the known ones. */
export function momentumCorrectionFromJSON(spec: ScheduleSpec): (step: number) => number {
  const build =
    typeof spec === "object" && spec !== null ? momentumCorrectionTable.get(spec.kind) : undefined;
  if (build === undefined) {
    throw new TypeError(
      `momentumCorrection ${JSON.stringify(spec)} has no registered kind; use one of ${momentumCorrectionKinds().join(", ")} ` +
        "or register it with optim.registerMomentumCorrection",
    );
  }
  return build(spec);
}
