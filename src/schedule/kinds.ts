import {
  constant,
  type ExponentialOptions,
  exponential,
  type LinearOptions,
  linear,
  type MultiStepOptions,
  multiStep,
  type PolynomialOptions,
  polynomial,
  type StepOptions,
  step,
} from "./basic.js";
import { join, perEpoch, warmup } from "./combine.js";
import { type CosineOptions, type CosineRestartsOptions, cosine, cosineRestarts } from "./cosine.js";
import { type OneCycleOptions, oneCycle } from "./one-cycle.js";
import type { Schedule, ScheduleSpec } from "./schedule.js";

/**
 * Builds a schedule of one kind from its spec (the constructor validates it). `rebuild` rebuilds the specs nested
 * in it, whatever their kind (a `join`'s pieces, a `warmup`'s schedule).
 */
export type ScheduleBuilder = (spec: ScheduleSpec, rebuild: (spec: ScheduleSpec) => Schedule) => Schedule;

function nestedSpecs(spec: ScheduleSpec, field: string): ScheduleSpec[] {
  const value = spec[field];
  if (!Array.isArray(value)) {
    throw new TypeError(`schedule.fromJSON(${spec.kind}): "${field}" must be an array of specs`);
  }
  return value as ScheduleSpec[];
}

/** The schedules of this folder, by the `kind` of their spec: what `schedule.fromJSON` rebuilds. */
export const scheduleBuilders: Readonly<Record<string, ScheduleBuilder>> = {
  constant: (s) => constant(s.value as number),
  step: (s) => step(s as unknown as StepOptions),
  multiStep: (s) => multiStep(s as unknown as MultiStepOptions),
  exponential: (s) => exponential(s as unknown as ExponentialOptions),
  linear: (s) => linear(s as unknown as LinearOptions),
  polynomial: (s) => polynomial(s as unknown as PolynomialOptions),
  cosine: (s) => cosine(s as unknown as CosineOptions),
  cosineRestarts: (s) => cosineRestarts(s as unknown as CosineRestartsOptions),
  oneCycle: (s) => oneCycle(s as unknown as OneCycleOptions),
  join: (s, rebuild) => join(nestedSpecs(s, "schedules").map(rebuild), s.boundaries as number[]),
  warmup: (s, rebuild) =>
    warmup({
      steps: s.steps as number,
      init: s.init as number,
      schedule: rebuild(s.schedule as ScheduleSpec),
    }),
  perEpoch: (s, rebuild) => perEpoch(rebuild(s.schedule as ScheduleSpec), s.stepsPerEpoch as number),
};
