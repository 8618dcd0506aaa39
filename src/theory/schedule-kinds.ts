import { registerMomentumCorrection } from "../optim/momentum-correction.js";
import { fromJSON, registerScheduleKind } from "../schedule/registry.js";
import type { Schedule, ScheduleLike, ScheduleSpec } from "../schedule/schedule.js";
import { equivalentSchedule } from "./equivalent-schedule.js";
import { expLR } from "./exp-lr.js";
import { scaled } from "./rescale.js";
import { texp } from "./texp.js";

/**
 * Teaches `schedule.fromJSON` the theory's schedules, and the optimizer's momentum-correction registry TEXP's
 * corrections, so a saved experiment that trains with an exponential or TEXP schedule can be rebuilt. The specs
 * hold exactly the arguments of the builders below.
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
function scheduleField(spec: ScheduleSpec, name: string): ScheduleLike {
  const value = spec[name];
  return typeof value === "number" ? value : fromJSON(value as ScheduleSpec);
}

const hyper = (spec: ScheduleSpec) => ({
  lr: numberField(spec, "lr"),
  weightDecay: numberField(spec, "weightDecay"),
  momentum: numberField(spec, "momentum"),
});

registerScheduleKind("theory.expLR", (spec) => expLR(hyper(spec)).lr);
const texpOf = (spec: ScheduleSpec) =>
  texp({
    boundaries: numbersField(spec, "boundaries"),
    lrs: numbersField(spec, "lrs"),
    weightDecay: numberField(spec, "weightDecay"),
    momentum: numberField(spec, "momentum"),
  });

registerScheduleKind("theory.texp", (spec) => texpOf(spec).lr);
// TEXP's boundary corrections, described by the same arguments as its LR schedule.
registerMomentumCorrection("theory.texp", (spec) => texpOf(spec).momentumCorrection);
registerScheduleKind(
  "theory.equivalentSchedule",
  (spec) =>
    equivalentSchedule({
      lr: scheduleField(spec, "lr"),
      weightDecay: scheduleField(spec, "weightDecay"),
      momentum: numberField(spec, "momentum"),
      steps: numberField(spec, "steps"),
    }).lr,
);
registerScheduleKind(
  "theory.rescaled",
  (spec) => scaled(fromJSON(spec.schedule as ScheduleSpec), numberField(spec, "factor")) as Schedule,
);
