import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { sgd } from "../../src/optim/sgd.js";
import { sgdVariables, tfjsOps } from "../../src/optim/tfjs.js";
import { multiStep } from "../../src/schedule/basic.js";

const config = {
  lr: multiStep({ init: 0.1, boundaries: [4], factor: 0.5 }),
  momentum: 0.9,
  groups: [{ weightDecay: 0.01 }, { nesterov: true }, { frozen: true }],
};
const start = [[1, -2, 0.5, 0.25], [0.3], [7]];
const shapes = [[2, 2], [1], [1]];

function gradValues(k: number): number[][] {
  return [[Math.sin(k), Math.cos(k), 0.1 * k, -0.2], [Math.sin(2 * k)], [1]];
}

function makeVariables(values: number[][] = start): tf.Variable[][] {
  // In a tidy, so the initial tensors go away once the variables hold their values.
  return tf.tidy(() => values.map((v, i) => [tf.variable(tf.tensor(v, shapes[i], "float32"))]));
}

function runVariables(steps: number): number[][] {
  const vars = makeVariables();
  const opt = sgdVariables(config, vars);
  for (let k = 0; k < steps; k++) {
    const g = gradValues(k).map((v, i) => [tf.tensor(v, shapes[i])]);
    opt.step(g);
    tf.dispose(g);
  }
  const out = vars.map(([v]) => Array.from(v.dataSync()));
  opt.dispose();
  tf.dispose(vars);
  return out;
}

describe("tfjs SGD", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("tfjsOps.axpby computes a·x + b·y and refuses shapes tfjs would broadcast", () => {
    const [x, y] = [tf.tensor([1, 2]), tf.tensor([3, 4])];
    assert.deepEqual(Array.from(tfjsOps.axpby(2, x, -1, y).dataSync()), [-1, 0]);
    assert.throws(() => tfjsOps.axpby(1, x, 1, tf.tensor([[1, 2]])), /shape \[2\] and \[1,2\]/);
    const back = tfjsOps.decode(tfjsOps.encode(tf.tensor([[0.1, 0.2]])));
    assert.deepEqual(back.shape, [1, 2]);
  });

  it("follows the float64 run of the same configuration to float32 precision; the frozen group stays", () => {
    const tfjsResult = runVariables(8);
    const opt = sgd(config);
    let params = start.map((v) => [Float64Array.from(v)]);
    let state = opt.init(params);
    for (let k = 0; k < 8; k++) {
      ({ params, state } = opt.step(
        params,
        gradValues(k).map((v) => [Float64Array.from(v)]),
        state,
      ));
    }
    for (const [i, [p]] of params.entries()) {
      for (const [j, x] of p.entries()) {
        assert.ok(Math.abs(x - tfjsResult[i][j]) < 1e-5, `${i}/${j}: ${x} vs ${tfjsResult[i][j]}`);
      }
    }
    assert.equal(tfjsResult[2][0], 7);
  });

  it("leaks no tensor: the count stays flat over many steps and returns to the start after dispose", () => {
    const before = tf.memory().numTensors;
    const vars = makeVariables();
    const opt = sgdVariables(config, vars);
    const g = gradValues(0).map((v, i) => [tf.tensor(v, shapes[i])]);
    opt.step(g);
    const afterOne = tf.memory().numTensors;
    for (let k = 0; k < 20; k++) opt.step(g);
    assert.equal(tf.memory().numTensors, afterOne);
    opt.dispose();
    tf.dispose(g);
    tf.dispose(vars);
    assert.equal(tf.memory().numTensors, before);
  });

  it("a run resumed from JSON continues bit for bit", () => {
    const straight = runVariables(10);
    const vars = makeVariables();
    const first = sgdVariables(config, vars);
    for (let k = 0; k < 6; k++) {
      const g = gradValues(k).map((v, i) => [tf.tensor(v, shapes[i])]);
      first.step(g);
      tf.dispose(g);
    }
    const text = JSON.stringify(first.save());
    const values = vars.map(([v]) => Array.from(v.dataSync()));
    first.dispose();
    tf.dispose(vars);
    const resumedVars = makeVariables(values);
    const second = sgdVariables(config, resumedVars);
    second.load(text);
    assert.equal(second.state.step, 6);
    for (let k = 6; k < 10; k++) {
      const g = gradValues(k).map((v, i) => [tf.tensor(v, shapes[i])]);
      second.step(g);
      tf.dispose(g);
    }
    const resumed = resumedVars.map(([v]) => Array.from(v.dataSync()));
    second.dispose();
    tf.dispose(resumedVars);
    assert.deepEqual(resumed, straight);
  });

  it("takes gradients by variable name, as tf.variableGrads returns them", () => {
    const w = tf.tidy(() => tf.variable(tf.tensor([1, 2]), true, "w"));
    const ignored = tf.tidy(() => tf.variable(tf.tensor([5]), true, "ignored"));
    const opt = sgdVariables({ lr: 0.5 }, [w, ignored]);
    const grads: tf.NamedTensorMap = { w: tf.tensor([2, 4]) };
    opt.step(grads);
    assert.deepEqual(Array.from(w.dataSync()), [1 - 0.5 * 2, 2 - 0.5 * 4]);
    assert.deepEqual(Array.from(ignored.dataSync()), [5]);
    tf.dispose([grads.w, w, ignored]);
    opt.dispose();
  });

  it("copies an explicit initial buffer, so the caller may dispose it", () => {
    const w = tf.tidy(() => tf.variable(tf.tensor([1])));
    const buffer = tf.tensor([4]);
    const opt = sgdVariables({ lr: 0.1, momentum: 0.5 }, [w], [buffer]);
    buffer.dispose();
    const g = tf.tensor([2]);
    opt.step([g]);
    assert.ok(Math.abs(w.dataSync()[0] - (1 - 0.1 * (0.5 * 4 + 2))) < 1e-6);
    tf.dispose([g, w]);
    opt.dispose();
  });

  it("refuses a saved state that does not fit the variables, without leaking it", () => {
    const a = tf.tidy(() => tf.variable(tf.tensor([1, 2])));
    const b = tf.tidy(() => tf.variable(tf.tensor([1, 2, 3])));
    const first = sgdVariables({ lr: 0.1, momentum: 0.9 }, [a]);
    const g = tf.tensor([1, 1]);
    first.step([g]);
    const saved = first.save();
    const second = sgdVariables({ lr: 0.1, momentum: 0.9 }, [b]);
    const count = tf.memory().numTensors;
    assert.throws(() => second.load(saved), /shape \[3\] but its buffer has shape \[2\]/);
    assert.equal(tf.memory().numTensors, count);
    first.dispose();
    second.dispose();
    tf.dispose([a, b, g]);
  });

  it("refuses a gradient of the wrong shape before touching the variables", () => {
    const w = tf.tidy(() => tf.variable(tf.tensor([1, 2])));
    const opt = sgdVariables({ lr: 0.1 }, [w]);
    const g = tf.tensor([1, 2, 3]);
    assert.throws(() => opt.step([g]), /shape \[2\] but its grad has shape \[3\]/);
    assert.deepEqual(Array.from(w.dataSync()), [1, 2]);
    tf.dispose([g, w]);
  });
});
