import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float64Ops } from "../../src/optim/float64.js";
import { sgd } from "../../src/optim/sgd.js";
import { SGD_STATE_FORMAT, type SgdState } from "../../src/optim/state.js";
import { multiStep } from "../../src/schedule/basic.js";

const config = {
  lr: multiStep({ init: 0.1, boundaries: [7], factor: 0.1 }),
  momentum: 0.9,
  weightDecay: 5e-4,
  groups: [{}, { nesterov: true, weightDecay: 0 }],
};

function grads(k: number): Float64Array[][] {
  return [
    [Float64Array.from([Math.sin(k), Math.cos(3 * k), 1 / (k + 1)])],
    [Float64Array.from([Math.tan(k + 0.5)])],
  ];
}

function run(
  params: Float64Array[][],
  state: SgdState<Float64Array>,
  from: number,
  to: number,
): [Float64Array[][], SgdState<Float64Array>] {
  const opt = sgd(config);
  for (let k = from; k < to; k++) ({ params, state } = opt.step(params, grads(k), state));
  return [params, state];
}

describe("SGD state", () => {
  it("a float64 run resumed from JSON text continues bit for bit", () => {
    const opt = sgd(config);
    const start = [[Float64Array.from([1, -2, 0.3])], [Float64Array.from([0.7])]];
    const [straight] = run(start, opt.init(start), 0, 15);
    const [middle, saved] = run(start, opt.init(start), 0, 5);
    const text = JSON.stringify(opt.saveState(saved));
    const paramsText = JSON.stringify(middle.map((g) => g.map((p) => Array.from(p))));
    const restoredParams = (JSON.parse(paramsText) as number[][][]).map((g) =>
      g.map((p) => Float64Array.from(p)),
    );
    const [resumed, state] = run(restoredParams, sgd(config).loadState(text), 5, 15);
    assert.equal(state.step, 15);
    for (const [gi, g] of straight.entries()) {
      for (const [i, p] of g.entries()) {
        for (const [j, x] of p.entries()) assert.ok(Object.is(x, resumed[gi][i][j]), `${gi}/${i}/${j}`);
      }
    }
  });

  it("records format, version, convention and step", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const { state } = opt.step(
      [Float64Array.from([1])],
      [Float64Array.from([2])],
      opt.init([Float64Array.from([1])]),
    );
    assert.deepEqual(opt.saveState(state), {
      format: SGD_STATE_FORMAT,
      version: 1,
      convention: "pytorch",
      step: 1,
      buffers: [[{ shape: [1], values: [2] }]],
    });
  });

  it("refuses another format, version, convention or group count", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const saved = opt.saveState(opt.init([Float64Array.from([1])]));
    assert.throws(() => opt.loadState({ ...saved, format: "other" as never }), /not a saved SGD state/);
    assert.throws(() => opt.loadState({ ...saved, version: 2 }), /version 2; this explr reads version 1/);
    assert.throws(
      () => sgd({ lr: 0.1, momentum: 0.9, convention: "classic" }).loadState(saved),
      /pytorch convention/,
    );
    assert.throws(() => sgd({ lr: 0.1, groups: [{}, {}] }).loadState(saved), /1 groups, this optimizer 2/);
    assert.throws(() => opt.loadState({ ...saved, step: -1 }), /step -1/);
  });

  it("refuses to save a diverged buffer", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const state = opt.init([Float64Array.from([1])], float64Ops, [Float64Array.from([Number.NaN])]);
    assert.throws(() => opt.saveState(state), /group 0 parameter 0 holds NaN or Infinity at step 0/);
  });
});
