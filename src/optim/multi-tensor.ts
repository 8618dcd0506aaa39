import type * as tf from "@tensorflow/tfjs-core";
import { flatten, runLinearProgram, unflatten } from "../backend/fused-ops.js";
import {
  compileLinearProgram,
  type InputRole,
  type Traced,
  tracedInput,
  tracedOps,
} from "./linear-program.js";
import { fromGroups, type Params, toGroups } from "./params.js";
import type { SgdOptimizer } from "./sgd.js";
import type { SgdState } from "./state.js";

/** The tensors whose updates compile to one program, and that program. */
interface Batch {
  compiled: ReturnType<typeof compileLinearProgram>;
  tensors: number[];
}

/**
 * `optimizer.step` over tfjs tensors in one dispatch per program instead of a few per tensor: the rule is traced for
 * every tensor, the tensors whose updates compile to the same program (those of a group, as a rule) are gathered
 * into flat arrays, the program runs over them at once and its results are cut back into tensors. Same arguments
 * and results as `optimizer.step`; a weight or buffer that does not move is returned as the tensor it was. Needs
 * `hasMultiTensorKernels()`.
 */
export function multiTensorStep(
  optimizer: SgdOptimizer,
  params: Params<tf.Tensor>,
  grads: Params<tf.Tensor | null>,
  state: SgdState<tf.Tensor>,
): { params: Params<tf.Tensor>; state: SgdState<tf.Tensor> } {
  const grouped = optimizer.config.groups !== undefined;
  const groupCount = optimizer.groups.length;
  const weights = toGroups(params, grouped, groupCount, "params");
  const gradients = toGroups(grads, grouped, groupCount, "grads");
  // Tensor number t is the t-th weight in reading order; `inputOf` finds what a traced input stands for.
  const places = weights.flatMap((group, g) => group.map((_, i) => ({ g, i })));
  const inputOf = (role: InputRole, t: number): tf.Tensor => {
    const { g, i } = places[t];
    const tensor = { weights: weights[g][i], grad: gradients[g]?.[i], buffer: state.buffers[g]?.[i] }[role];
    if (tensor === null || tensor === undefined)
      throw new RangeError(`multiTensorStep: no ${role} for tensor ${t}`);
    return tensor;
  };
  let t = 0;
  const traced = weights.map((group, g) =>
    group.map((w, i) => {
      // Each input traced with its own shape: the optimizer refuses a gradient or buffer of the wrong one.
      const number = t++;
      const grad = gradients[g]?.[i] ?? null;
      const buffer = state.buffers[g]?.[i] ?? null;
      return {
        weights: tracedInput("weights", number, w.shape),
        grad: grad === null ? null : tracedInput("grad", number, grad.shape),
        buffer: buffer === null ? null : tracedInput("buffer", number, buffer.shape),
      };
    }),
  );
  const result = optimizer.step<Traced, Params<Traced>>(
    fromGroups(
      traced.map((group) => group.map((x) => x.weights)),
      grouped,
    ),
    fromGroups(
      traced.map((group) => group.map((x) => x.grad)),
      grouped,
    ),
    { ...state, buffers: traced.map((group) => group.map((x) => x.buffer)), ops: tracedOps },
  );
  const newWeights = toGroups(result.params, grouped, groupCount, "params").flat();
  const newBuffers = result.state.buffers.flat();

  // What each tensor's new weights and buffer are: an input passed through, or an output of its batch's program.
  const outcome: { weights: tf.Tensor | number; buffer: tf.Tensor | number | null }[] = [];
  const batches = new Map<string, Batch>();
  places.forEach((_, tensor) => {
    const computed: Traced[] = [];
    const resolve = (e: Traced | null): tf.Tensor | number | null => {
      if (e === null) return null;
      if (e.kind === "input") return inputOf(e.role, e.tensor);
      computed.push(e);
      return computed.length - 1;
    };
    outcome.push({
      weights: resolve(newWeights[tensor]) as tf.Tensor | number,
      buffer: resolve(newBuffers[tensor]),
    });
    if (computed.length === 0) return;
    const compiled = compileLinearProgram(computed);
    const key = JSON.stringify(compiled);
    const batch = batches.get(key) ?? { compiled, tensors: [] };
    batch.tensors.push(tensor);
    batches.set(key, batch);
  });

  // outputs[t][k]: tensor t's k-th computed array.
  const outputs = new Map<number, tf.Tensor[]>();
  for (const { compiled, tensors } of batches.values()) {
    const flats = compiled.roles.map((role) => flatten(tensors.map((tensor) => inputOf(role, tensor))));
    const out = runLinearProgram(compiled.program, flats);
    const shapes = compiled.program.outputs.flatMap(() =>
      tensors.map((tensor) => weights[places[tensor].g][places[tensor].i].shape),
    );
    const pieces = unflatten(out, shapes);
    tensors.forEach((tensor, j) => {
      outputs.set(
        tensor,
        compiled.program.outputs.map((_, k) => pieces[k * tensors.length + j]),
      );
    });
  }
  const settle = (tensor: number, x: tf.Tensor | number | null) =>
    typeof x === "number" ? (outputs.get(tensor) as tf.Tensor[])[x] : x;
  const byGroup = <U>(value: (tensor: number) => U): U[][] => {
    let n = 0;
    return weights.map((group) => group.map(() => value(n++)));
  };
  return {
    params: fromGroups(
      byGroup((tensor) => settle(tensor, outcome[tensor].weights) as tf.Tensor),
      grouped,
    ),
    state: {
      ...result.state,
      buffers: byGroup((tensor) => settle(tensor, outcome[tensor].buffer)),
      ops: state.ops,
    },
  };
}
