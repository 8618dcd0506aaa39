import type { ScheduleLike, ScheduleSpec } from "../schedule/schedule.js";
import { fromJSON } from "../spec-kinds.js";
import type { SgdConfig, SgdGroupOptions } from "./config.js";

/**
 * An optimizer configuration as plain data: schedules as their specs, everything else as is. A momentum
 * correction is a function and has no JSON form, so a configuration with one is refused rather than saved
 * without it (the module that made the hook, e.g. the theory, saves its own description).
 */
export type SgdConfigJSON = Record<string, unknown>;

type Hyper = Partial<SgdGroupOptions>;

function groupToJSON(group: Hyper, where: string): Record<string, unknown> {
  if (group.momentumCorrection !== undefined) {
    throw new TypeError(
      `optim.sgdConfigToJSON: ${where} has a momentumCorrection function, which JSON cannot hold; save the ` +
        "description of what built it instead",
    );
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(group)) {
    out[key] = typeof value === "function" ? (value as { spec: ScheduleSpec }).spec : value;
  }
  return out;
}

/** The configuration as JSON-ready data: `JSON.stringify(sgdConfigToJSON(c))`. */
export function sgdConfigToJSON(config: SgdConfig): SgdConfigJSON {
  const { groups, ...defaults } = config;
  const out = groupToJSON(defaults, "the configuration");
  if (groups !== undefined) out.groups = groups.map((g, i) => groupToJSON(g, `group ${i}`));
  return out;
}

function scheduleFromJSON(value: unknown): ScheduleLike | undefined {
  if (value === undefined || typeof value === "number") return value;
  return fromJSON(value as ScheduleSpec);
}

function groupFromJSON(group: Record<string, unknown>): Hyper {
  const out: Record<string, unknown> = { ...group };
  for (const key of ["lr", "weightDecay"] as const) {
    if (key in group) out[key] = scheduleFromJSON(group[key]);
  }
  return out as Hyper;
}

/** Rebuilds a configuration saved by `sgdConfigToJSON` (from the object or its JSON text). */
export function sgdConfigFromJSON(json: SgdConfigJSON | string): SgdConfig {
  const data = (typeof json === "string" ? JSON.parse(json) : json) as Record<string, unknown>;
  if (typeof data !== "object" || data === null) {
    throw new TypeError(`optim.sgdConfigFromJSON: expected an object, got ${JSON.stringify(data)}`);
  }
  const { groups, ...defaults } = data;
  const config: SgdConfig = groupFromJSON(defaults);
  if (groups !== undefined) {
    if (!Array.isArray(groups)) throw new TypeError("optim.sgdConfigFromJSON: groups must be an array");
    return { ...config, groups: groups.map(groupFromJSON) };
  }
  return config;
}
