import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LinearProgram } from "../../src/backend/fused-ops.js";
import { float64Ops } from "../../src/optim/float64.js";
import {
  compileLinearProgram,
  type InputRole,
  type Traced,
  tracedInput,
  tracedOps,
} from "../../src/optim/linear-program.js";
import { type SgdStepConfig, sgdUpdate } from "../../src/optim/update.js";

/** Runs `program` over float64 inputs, element by element, as the webgpu kernel does over float32. */
function evaluate(program: LinearProgram, inputs: Float64Array[]): Float64Array[] {
  const n = inputs[0].length;
  const outputs = program.outputs.map(() => new Float64Array(n));
  for (let e = 0; e < n; e++) {
    const registers = inputs.map((x) => x[e]);
    for (const { a, x, b, y } of program.steps) registers.push(a * registers[x] + b * registers[y]);
    program.outputs.forEach((register, o) => {
      outputs[o][e] = registers[register];
    });
  }
  return outputs;
}

const base: SgdStepConfig = {
  lr: 0.1,
  weightDecay: 5e-4,
  momentum: 0.9,
  dampening: 0,
  nesterov: false,
  convention: "pytorch",
  decoupledWeightDecay: false,
};
const variants: [string, SgdStepConfig][] = [
  ["PyTorch's momentum", base],
  ["Nesterov", { ...base, nesterov: true }],
  ["dampening", { ...base, dampening: 0.3 }],
  ["the classic convention", { ...base, convention: "classic" }],
  ["classic Nesterov", { ...base, convention: "classic", nesterov: true }],
  ["decoupled weight decay", { ...base, decoupledWeightDecay: true, weightDecay: 0.1 }],
  ["no momentum", { ...base, momentum: 0 }],
  ["no weight decay", { ...base, weightDecay: 0 }],
];

const w = Float64Array.from([1, -2, 0.5, 3]);
const g = Float64Array.from([0.3, 0.1, -0.7, 2]);
const v = Float64Array.from([0.05, -0.4, 0.2, 1]);
const values: Record<InputRole, Float64Array> = { weights: w, grad: g, buffer: v };

describe("the update rule traced and compiled", () => {
  for (const [name, config] of variants) {
    for (const withBuffer of config.momentum === 0 ? [false] : [false, true]) {
      it(`computes what sgdUpdate computes: ${name}, ${withBuffer ? "a buffer" : "the first step"}`, () => {
        const expected = sgdUpdate(float64Ops, config, w, g, withBuffer ? v : null);
        const traced = sgdUpdate(
          tracedOps,
          config,
          tracedInput("weights", 0, [4]),
          tracedInput("grad", 0, [4]),
          withBuffer ? tracedInput("buffer", 0, [4]) : null,
        );
        const results = traced.buffer === null ? [traced.weights] : [traced.weights, traced.buffer];
        const { roles, program } = compileLinearProgram(results);
        const [weights, buffer] = evaluate(
          program,
          roles.map((role) => values[role]),
        );
        assert.deepEqual(weights, expected.weights);
        assert.deepEqual(buffer ?? null, expected.buffer);
        assert.equal(program.inputCount, roles.length);
      });
    }
  }

  it("computes a subexpression used twice once: the new buffer is an output and a term of the new weights", () => {
    const traced = sgdUpdate(
      tracedOps,
      base,
      tracedInput("weights", 0, [4]),
      tracedInput("grad", 0, [4]),
      tracedInput("buffer", 0, [4]),
    );
    const { roles, program } = compileLinearProgram([traced.weights, traced.buffer as Traced]);
    assert.deepEqual(roles, ["weights", "grad", "buffer"]);
    // d = g + λw, v = γv + d, w − ηv: three steps, v written out from the register it was computed in.
    assert.equal(program.steps.length, 3);
    assert.deepEqual(program.outputs, [5, 4]);
  });

  it("reads only the inputs the rule uses, in a fixed order", () => {
    const traced = sgdUpdate(
      tracedOps,
      { ...base, momentum: 0, weightDecay: 0 },
      tracedInput("weights", 3, [2]),
      tracedInput("grad", 3, [2]),
      null,
    );
    assert.deepEqual(compileLinearProgram([traced.weights]).roles, ["weights", "grad"]);
  });

  it("refuses expressions of two tensors, arrays of two shapes, and reading values", () => {
    const mixed = tracedOps.axpby(1, tracedInput("weights", 0, [2]), 1, tracedInput("grad", 1, [2]));
    assert.throws(() => compileLinearProgram([mixed]), /mix the inputs of tensors 0,1/);
    assert.throws(
      () => tracedOps.axpby(1, tracedInput("weights", 0, [2]), 1, tracedInput("grad", 0, [2, 1])),
      /shape \[2\] and \[2,1\]/,
    );
    assert.throws(() => tracedOps.encode(tracedInput("weights", 0, [2])), /no values/);
  });
});
