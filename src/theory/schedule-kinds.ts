import type { ScheduleBuilder } from "../schedule/kinds.js";
import type { Schedule, ScheduleLike, ScheduleSpec } from "../schedule/schedule.js";
import { equivalentSchedule } from "./equivalent-schedule.js";
import { expLR } from "./exp-lr.js";
import { scaled } from "./rescale.js";
import { texp } from "./texp.js";

/**
 * The theory's schedules and TEXP's momentum corrections by the `kind` of their spec, so a saved experiment that
 * trains with an exponential or TEXP schedule can be rebuilt (`src/spec-kinds.ts` lists them beside the others).
 * The specs hold exactly the arguments of the builders below.
 */

function numberField(spec: ScheduleSpec, name: string): number {
  const value = spec[name];
  if (typeof value !== "number") {
    throw new TypeError(
      `schedule.fromJSON: "${spec.kind}" needs a number "${name}", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function numbersField(spec: ScheduleSpec, name: string): number[] {
  const value = spec[name];
  if (!Array.isArray(value) || !value.every((x) => typeof x === "number")) {
    throw new TypeError(
      `schedule.fromJSON: "${spec.kind}" needs a number array "${name}", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A field that is a number or the spec of a schedule. */
function scheduleField(
  spec: ScheduleSpec,
  name: string,
  rebuild: (spec: ScheduleSpec) => Schedule,
): ScheduleLike {
  const value = spec[name];
  return typeof value === "number" ? value : rebuild(value as ScheduleSpec);
}

const hyper = (spec: ScheduleSpec) => ({
  lr: numberField(spec, "lr"),
  weightDecay: numberField(spec, "weightDecay"),
  momentum: numberField(spec, "momentum"),
});

const texpOf = (spec: ScheduleSpec) =>
  texp({
    boundaries: numbersField(spec, "boundaries"),
    lrs: numbersField(spec, "lrs"),
    weightDecay: numberField(spec, "weightDecay"),
    momentum: numberField(spec, "momentum"),
  });

/** The theory's schedules, by kind. */
export const theoryScheduleBuilders: Readonly<Record<string, ScheduleBuilder>> = {
  "theory.expLR": (spec) => expLR(hyper(spec)).lr,
  "theory.texp": (spec) => texpOf(spec).lr,
  "theory.equivalentSchedule": (spec, rebuild) =>
    equivalentSchedule({
      lr: scheduleField(spec, "lr", rebuild),
      weightDecay: scheduleField(spec, "weightDecay", rebuild),
      momentum: numberField(spec, "momentum"),
      steps: numberField(spec, "steps"),
    }).lr,
  "theory.rescaled": (spec, rebuild) =>
    scaled(rebuild(spec.schedule as ScheduleSpec), numberField(spec, "factor")) as Schedule,
};

/** TEXP's boundary corrections, described by the same arguments as its LR schedule. */
export const theoryMomentumCorrections: Readonly<
  Record<string, (spec: ScheduleSpec) => (step: number) => number>
> = {
  "theory.texp": (spec) => texpOf(spec).momentumCorrection,
};
