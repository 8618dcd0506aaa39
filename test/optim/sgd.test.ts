import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float64Ops } from "../../src/optim/float64.js";
import { sgd } from "../../src/optim/sgd.js";
import { sgdUpdate } from "../../src/optim/update.js";
import { makeSchedule } from "../../src/schedule/schedule.js";

const f = (...xs: number[]): Float64Array => Float64Array.from(xs);

describe("sgd", () => {
  it("plain SGD: w ← w − η g, and the inputs are left untouched", () => {
    const opt = sgd({ lr: 0.5 });
    const w = f(1, 2);
    const g = f(0.25, -1);
    const { params, state } = opt.step([w], [g], opt.init([w]));
    assert.deepEqual([...params[0]], [1 - 0.5 * 0.25, 2 + 0.5]);
    assert.deepEqual([...w], [1, 2]);
    assert.equal(state.step, 1);
    assert.equal(state.buffers[0][0], null);
  });

  it("evaluates the LR and WD schedules at the step count of the state", () => {
    const lr = makeSchedule({ kind: "test-lr" }, (k) => 0.1 * (k + 1));
    const weightDecay = makeSchedule({ kind: "test-wd" }, (k) => 0.01 * k);
    const opt = sgd({ lr, weightDecay });
    let params = [f(1)];
    let state = opt.init(params);
    let expected = 1;
    for (let k = 0; k < 4; k++) {
      const g = f(0.5);
      ({ params, state } = opt.step(params, [g], state));
      expected = expected - 0.1 * (k + 1) * (0.5 + 0.01 * k * expected);
      assert.ok(Math.abs(params[0][0] - expected) < 1e-15);
    }
  });

  it("keeps in its state the hyperparameters each group used at the last step (frozen groups too)", () => {
    const lr = makeSchedule({ kind: "test-lr" }, (k) => 0.1 / (k + 1));
    const opt = sgd({ lr, groups: [{ weightDecay: 5e-4 }, { lr: 0.3, frozen: true }] });
    let params = [[f(1)], [f(2)]];
    let state = opt.init(params);
    assert.deepEqual(state.hyperparams, []);
    for (let k = 0; k < 3; k++) {
      ({ params, state } = opt.step(params, [[f(0.5)], [f(0.5)]], state));
      assert.deepEqual(state.hyperparams, [
        { lr: 0.1 / (k + 1), weightDecay: 5e-4 },
        { lr: 0.3, weightDecay: 0 },
      ]);
    }
    assert.deepEqual(opt.loadState(opt.saveState(state)).hyperparams, []);
  });

  it("is the rule sgdUpdate applied per tensor, with the buffer carried in the state", () => {
    const config = { lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true };
    const opt = sgd(config);
    let params = [f(1, -1)];
    let state = opt.init(params);
    let w = f(1, -1);
    let buffer: Float64Array | null = null;
    for (let k = 0; k < 5; k++) {
      const g = f(Math.sin(k), Math.cos(k));
      ({ params, state } = opt.step(params, [g], state));
      ({ weights: w, buffer } = sgdUpdate(
        float64Ops,
        { ...config, dampening: 0, convention: "pytorch", decoupledWeightDecay: false },
        w,
        g,
        buffer,
      ));
    }
    assert.deepEqual([...params[0]], [...w]);
    assert.deepEqual([...(state.buffers[0][0] as Float64Array)], [...(buffer as unknown as Float64Array)]);
  });

  it("decoupled weight decay with momentum is the same rule too", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9, weightDecay: 0.5, decoupledWeightDecay: true });
    const w = Float64Array.from([2]);
    const { params } = opt.step(
      [w],
      [Float64Array.from([1])],
      opt.init([w], float64Ops, [Float64Array.from([3])]),
    );
    assert.equal(params[0][0], 2 * (1 - 0.1 * 0.5) - 0.1 * (0.9 * 3 + 1));
  });

  it("the momentum buffer does not alias the gradient", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const g = f(1, 1);
    const { state } = opt.step([f(0, 0)], [g], opt.init([f(0, 0)]));
    g[0] = 100;
    assert.equal((state.buffers[0][0] as Float64Array)[0], 1);
  });

  it("applies per-group overrides: WD only on the first group, another LR on the second", () => {
    const opt = sgd({ lr: 0.1, groups: [{ weightDecay: 0.5 }, { lr: 0.01 }] });
    const params = [[f(2)], [f(2)]];
    const out = opt.step(params, [[f(1)], [f(1)]], opt.init(params)).params;
    assert.equal(out[0][0][0], 2 - 0.1 * (1 + 0.5 * 2));
    assert.equal(out[1][0][0], 2 - 0.01 * 1);
  });

  it("a frozen group never moves and keeps no buffer", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9, groups: [{}, { frozen: true }] });
    let params = [[f(1)], [f(1)]];
    let state = opt.init(params);
    for (let k = 0; k < 3; k++) ({ params, state } = opt.step(params, [[f(1)], [f(1)]], state));
    assert.equal(params[1][0][0], 1);
    assert.equal(state.buffers[1][0], null);
    assert.notEqual(params[0][0][0], 1);
  });

  it("a null gradient leaves its parameter and buffer untouched", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.9 });
    const a = f(1);
    const b = f(5);
    let state = opt.init([a, b]);
    ({ state } = opt.step([a, b], [f(1), f(1)], state));
    const bufferB = state.buffers[0][1];
    const { params, state: next } = opt.step([a, b], [f(1), null], state);
    assert.equal(params[1], b);
    assert.equal(next.buffers[0][1], bufferB);
  });

  it("an explicit initial buffer is used as given", () => {
    const opt = sgd({ lr: 0.1, momentum: 0.5 });
    const w = f(1);
    const { params } = opt.step([w], [f(2)], opt.init([w], float64Ops, [f(4)]));
    assert.equal(params[0][0], 1 - 0.1 * (0.5 * 4 + 2));
  });

  it("momentumCorrection adds κ·w_k to the buffer before step k (a missing buffer counts as zeros)", () => {
    const kappa = (k: number) => (k === 0 ? -0.3 : k === 2 ? 0.7 : 0);
    const corrected = sgd({ lr: 0.1, momentum: 0.9, dampening: 0.2, momentumCorrection: kappa });
    const plain = sgd({ lr: 0.1, momentum: 0.9, dampening: 0.2 });
    let pa = [f(1, 2)];
    let sa = corrected.init(pa);
    let pb = [f(1, 2)];
    let sb = plain.init(pb, float64Ops, [f(-0.3 * 1, -0.3 * 2)]);
    for (let k = 0; k < 4; k++) {
      const g = [f(k, 1 - k)];
      if (k === 2) {
        sb = { ...sb, buffers: [[float64Ops.axpby(1, sb.buffers[0][0] as Float64Array, 0.7, pb[0])]] };
      }
      ({ params: pa, state: sa } = corrected.step(pa, g, sa));
      ({ params: pb, state: sb } = plain.step(pb, g, sb));
      assert.deepEqual([...pa[0]], [...pb[0]], `step ${k}`);
    }
  });

  it("refuses a momentumCorrection that is not finite, or that has no buffer to correct", () => {
    const nan = sgd({ lr: 0.1, momentum: 0.9, momentumCorrection: () => Number.NaN });
    assert.throws(
      () => nan.step([f(1)], [f(1)], nan.init([f(1)])),
      /momentumCorrection returned NaN at step 0/,
    );
    const noMomentum = sgd({ lr: 0.1, momentumCorrection: () => 1 });
    assert.throws(() => noMomentum.step([f(1)], [f(1)], noMomentum.init([f(1)])), /momentum 0/);
  });

  it("refuses a schedule that goes negative or NaN, naming the step", () => {
    const lr = makeSchedule({ kind: "test-bad" }, (k) => (k < 2 ? 0.1 : -0.1));
    const opt = sgd({ lr });
    let params = [f(1)];
    let state = opt.init(params);
    ({ params, state } = opt.step(params, [f(1)], state));
    ({ params, state } = opt.step(params, [f(1)], state));
    assert.throws(() => opt.step(params, [f(1)], state), /lr schedule gave -0.1 at step 2/);
    const wd = sgd({ lr: 0.1, weightDecay: makeSchedule({ kind: "test-nan" }, () => Number.NaN) });
    assert.throws(() => wd.step([f(1)], [f(1)], wd.init([f(1)])), /weightDecay schedule gave NaN at step 0/);
  });

  it("refuses params and grads that do not fit each other", () => {
    const opt = sgd({ lr: 0.1 });
    const state = opt.init([f(1, 2)]);
    assert.throws(() => opt.step([f(1, 2)], [f(1, 2), f(3)], state), /1 parameters but 2 grads/);
    assert.throws(
      () => opt.step([f(1, 2)], [f(1)], state),
      /parameter 0 has shape \[2\] but its grad has shape \[1\]/,
    );
    assert.throws(() => opt.step([f(1, 2), f(1)], [f(1, 2), f(1)], state), /2 parameters but 1 buffers/);
    assert.throws(() => opt.init([[f(1)]] as never), /nested but the configuration has no groups/);
    const grouped = sgd({ lr: 0.1, groups: [{}, {}] });
    assert.throws(() => grouped.init([[f(1)]]), /must be 2 lists, one per group/);
    assert.throws(() => grouped.init([f(1), f(2)] as never), /one per group/);
  });

  it("refuses an initial buffer for a group without momentum", () => {
    assert.throws(() => sgd({ lr: 0.1 }).init([f(1)], float64Ops, [f(1)]), /momentum is 0/);
  });
});
