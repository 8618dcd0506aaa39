import type { Schedule, ScheduleSpec } from "./schedule.js";

/**
 * Rebuilds schedules from their JSON description. Each kind registers how to build itself from its spec, so a
 * module outside this folder (the theory's exponential and TEXP schedules) adds its kinds without this file
 * knowing them.
 */

/** Builds a schedule of one kind from its spec (which the builder validates). */
export type ScheduleBuilder = (spec: ScheduleSpec) => Schedule;

const builders = new Map<string, ScheduleBuilder>();

/**
 * Registers the builder of a schedule kind. Registering a kind twice is an error (two modules would disagree on
 * what a saved spec means), unless it is the same builder again.
 */
export function registerScheduleKind(kind: string, build: ScheduleBuilder): void {
  const existing = builders.get(kind);
  if (existing !== undefined && existing !== build) {
    throw new Error(`registerScheduleKind: kind "${kind}" is already registered; choose another kind name`);
  }
  builders.set(kind, build);
}

/** The registered kinds, sorted. */
export function scheduleKinds(): string[] {
  return [...builders.keys()].sort();
}

/**
 * Rebuilds a schedule from its spec: `fromJSON(s.toJSON())(k) === s(k)` for every registered kind.
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
  const build = builders.get(kind);
  if (build === undefined) {
    throw new RangeError(
      `schedule.fromJSON: unknown kind "${kind}"; known kinds: ${scheduleKinds().join(", ")}. ` +
        "Import the module that registers it (e.g. explr's theory) before rebuilding.",
    );
  }
  return build(parsed as ScheduleSpec);
}
