import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { multiStep } from "../../src/schedule/basic.js";
import { fromJSON, momentumCorrectionFromJSON, momentumCorrectionKinds } from "../../src/spec-kinds.js";
import { equivalentSchedule, expLR, rescale, texp } from "../../src/theory/index.js";

const h = { lr: 0.1, weightDecay: 5e-4, momentum: 0.9 };
const scalar = { axpby: (a: number, x: number, b: number, y: number) => a * x + b * y };

describe("theory schedule kinds", () => {
  const schedules = {
    expLR: expLR(h).lr,
    texp: texp({ boundaries: [10, 20], lrs: [0.1, 0.01, 0.001], weightDecay: 5e-4, momentum: 0.9 }).lr,
    equivalent: equivalentSchedule({
      lr: multiStep({ init: 0.1, boundaries: [10], factor: 0.1 }),
      weightDecay: 5e-4,
      momentum: 0.9,
      steps: 30,
    }).lr,
    rescaled: rescale(scalar, { lr: expLR(h).lr, weightDecay: 5e-4, weights: 1, buffer: null }, 3).lr,
  };

  for (const [name, s] of Object.entries(schedules)) {
    it(`rebuilds ${name} from its JSON text, value for value`, () => {
      assert.ok(typeof s === "function");
      const rebuilt = fromJSON(JSON.stringify(s));
      for (const k of [0, 1, 9, 10, 11, 25, 29]) assert.equal(rebuilt(k), s(k));
    });
  }

  it("names the missing field of a broken spec", () => {
    assert.throws(
      () => fromJSON({ kind: "theory.expLR", lr: 0.1, momentum: 0.9 }),
      /needs a number "weightDecay"/,
    );
  });

  it("gives the optimizer TEXP's momentum corrections from the spec of its LR schedule", () => {
    const options = { boundaries: [10, 20], lrs: [0.1, 0.01, 0.001], weightDecay: 5e-4, momentum: 0.9 };
    assert.ok(momentumCorrectionKinds().includes("theory.texp"));
    const rebuilt = momentumCorrectionFromJSON({ kind: "theory.texp", ...options });
    const kappa = texp(options).momentumCorrection;
    for (const k of [0, 9, 10, 11, 20, 29]) assert.equal(rebuilt(k), kappa(k));
    assert.notEqual(kappa(10), 0);
  });
});
