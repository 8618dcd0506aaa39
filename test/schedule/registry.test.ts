import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  constant,
  cosine,
  cosineRestarts,
  exponential,
  fromJSON,
  join,
  linear,
  makeSchedule,
  multiStep,
  oneCycle,
  perEpoch,
  polynomial,
  registerScheduleKind,
  type Schedule,
  scheduleKinds,
  step,
  warmup,
} from "../../src/schedule/index.js";

const examples: Schedule[] = [
  constant(0.1),
  step({ init: 0.1, stepSize: 7, factor: 0.5 }),
  multiStep({ init: 0.1, boundaries: [10, 20], factor: [0.1, 0.5] }),
  exponential({ init: 0.1, rate: 1.01, cap: 0.3 }),
  cosine({ init: 0.1, steps: 50, final: 0.01, warmupSteps: 5, warmupInit: 0.001 }),
  cosineRestarts({ init: 0.1, period: 8, periodFactor: 2, final: 0.001 }),
  linear({ init: 0.01, final: 0.1, steps: 9 }),
  polynomial({ init: 0.1, steps: 30, power: 0.5 }),
  oneCycle({ max: 0.1, steps: 60, anneal: "linear", threePhase: true }),
  join([linear({ init: 0, final: 0.1, steps: 5 }), cosine({ init: 0.1, steps: 40 })], [5]),
  warmup({ steps: 3, schedule: exponential({ init: 0.1, rate: 0.9 }) }),
  perEpoch(cosine({ init: 0.1, steps: 10 }), 4),
];

describe("fromJSON", () => {
  it("rebuilds every built-in kind from its JSON text to the same values", () => {
    const kinds = new Set(examples.map((s) => s.spec.kind));
    for (const kind of [
      "constant",
      "step",
      "multiStep",
      "exponential",
      "cosine",
      "cosineRestarts",
      "linear",
    ]) {
      assert.ok(kinds.has(kind), kind);
    }
    for (const s of examples) {
      const rebuilt = fromJSON(JSON.stringify(s));
      assert.deepEqual(rebuilt.spec, s.spec);
      for (let k = 0; k < 70; k++) assert.equal(rebuilt(k), s(k), `${s.spec.kind} at step ${k}`);
    }
  });

  it("validates the spec as the constructor does", () => {
    assert.throws(
      () => fromJSON({ kind: "multiStep", init: 0.1, boundaries: [5, 3] }),
      /must increase strictly/,
    );
    assert.throws(() => fromJSON({ kind: "constant", value: "x" }), /value must be a number/);
    assert.throws(
      () => fromJSON({ kind: "join", schedules: 3, boundaries: [] }),
      /must be an array of specs/,
    );
  });

  it("names the unknown kind and the known ones", () => {
    assert.throws(() => fromJSON({ kind: "nope" }), /unknown kind "nope"; known kinds: .*multiStep/);
    assert.throws(() => fromJSON("[1]"), /expected an object with a string "kind"/);
  });

  it("lets other modules register their kinds, once", () => {
    const build = (spec: { kind: string; [k: string]: unknown }) =>
      makeSchedule(spec, (k) => (spec.scale as number) * k);
    registerScheduleKind("test-scaled", build);
    registerScheduleKind("test-scaled", build);
    assert.ok(scheduleKinds().includes("test-scaled"));
    assert.equal(fromJSON({ kind: "test-scaled", scale: 2 })(3), 6);
    assert.throws(() => registerScheduleKind("test-scaled", () => constant(1)), /already registered/);
  });
});
