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
} from "../src/schedule/index.js";
import {
  momentumCorrectionFromJSON,
  momentumCorrectionKinds,
  registerMomentumCorrection,
} from "../src/spec-kinds.js";
import { texp } from "../src/theory/texp.js";

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

  it("knows every kind of this library and of the theory, without importing the theory first", () => {
    assert.deepEqual(
      scheduleKinds().filter((kind) => !kind.startsWith("test-")),
      [
        "constant",
        "cosine",
        "cosineRestarts",
        "exponential",
        "join",
        "linear",
        "multiStep",
        "oneCycle",
        "perEpoch",
        "polynomial",
        "step",
        "theory.equivalentSchedule",
        "theory.expLR",
        "theory.rescaled",
        "theory.texp",
        "warmup",
      ],
    );
    const args = { boundaries: [10], lrs: [0.1, 0.01], weightDecay: 5e-4, momentum: 0.9 };
    const lr = fromJSON({ kind: "theory.texp", ...args });
    const correction = momentumCorrectionFromJSON({ kind: "theory.texp", ...args });
    const direct = texp(args);
    for (const k of [0, 9, 10, 11, 30]) {
      assert.equal(lr(k), direct.lr(k));
      assert.equal(correction(k), direct.momentumCorrection(k));
    }
  });

  it("refuses inherited names as kinds", () => {
    for (const kind of ["__proto__", "constructor", "toString"]) {
      assert.throws(() => fromJSON({ kind }), /unknown kind/);
      assert.throws(() => momentumCorrectionFromJSON({ kind }), /has no registered kind/);
    }
  });

  it("lets a user register kinds of their own, once", () => {
    const build = (spec: { kind: string; [k: string]: unknown }) =>
      makeSchedule(spec, (k) => (spec.scale as number) * k);
    registerScheduleKind("test-scaled", build);
    registerScheduleKind("test-scaled", build);
    assert.ok(scheduleKinds().includes("test-scaled"));
    assert.equal(fromJSON({ kind: "test-scaled", scale: 2 })(3), 6);
    assert.throws(() => registerScheduleKind("test-scaled", () => constant(1)), /already registered/);
  });
});

describe("momentum corrections", () => {
  it("rebuilds a registered kind from its spec; a second builder for the same kind is refused", () => {
    const build = (spec: { kind: string; [k: string]: unknown }) => (step: number) =>
      step === 0 ? (spec.at0 as number) : 0;
    registerMomentumCorrection("test.initialOnly", build);
    registerMomentumCorrection("test.initialOnly", build);
    assert.ok(momentumCorrectionKinds().includes("test.initialOnly"));
    const kappa = momentumCorrectionFromJSON({ kind: "test.initialOnly", at0: -2 });
    assert.deepEqual([kappa(0), kappa(1)], [-2, 0]);
    assert.throws(() => registerMomentumCorrection("test.initialOnly", () => () => 1), /already registered/);
    assert.throws(() => momentumCorrectionFromJSON({ kind: "test.unknown" }), /has no registered kind/);
  });
});
