import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cosine, cosineRestarts } from "../../src/schedule/cosine.js";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-15;

describe("cosine schedules", () => {
  it("cosine falls from init to final over `steps`, then holds", () => {
    const s = cosine({ init: 1, steps: 100, final: 0.1 });
    assert.equal(s(0), 1);
    assert.ok(close(s(50), 0.55));
    assert.equal(s(100), 0.1);
    assert.equal(s(1000), 0.1);
  });

  it("a warmup ramps linearly and the cosine spans the remaining steps", () => {
    const s = cosine({ init: 1, steps: 110, warmupSteps: 10, warmupInit: 0 });
    assert.equal(s(5), 0.5);
    assert.equal(s(10), 1);
    assert.ok(close(s(60), 0.5));
    assert.throws(() => cosine({ init: 1, steps: 10, warmupSteps: 10 }), /steps must be an integer ≥ 11/);
  });

  it("restarts: periods of equal length with periodFactor 1", () => {
    const s = cosineRestarts({ init: 1, period: 10 });
    assert.equal(s(10), 1);
    assert.equal(s(25), s(5));
    assert.ok(close(s(5), 0.5));
  });

  it("restarts: each period periodFactor times longer (T_mult)", () => {
    const s = cosineRestarts({ init: 1, period: 10, periodFactor: 2 });
    assert.equal(s(10), 1);
    assert.ok(close(s(20), 0.5));
    assert.equal(s(30), 1);
    assert.ok(close(s(50), 0.5));
    assert.throws(
      () => cosineRestarts({ init: 1, period: 10, periodFactor: 1.5 }),
      /periodFactor must be an integer/,
    );
  });
});
