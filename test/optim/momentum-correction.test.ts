import assert from "node:assert/strict";
import { test } from "node:test";
import {
  momentumCorrectionFromJSON,
  momentumCorrectionKinds,
  registerMomentumCorrection,
} from "../../src/optim/momentum-correction.js";

test("a registered kind is rebuilt from its spec; a second builder for the same kind is refused", () => {
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
