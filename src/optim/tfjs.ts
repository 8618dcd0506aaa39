import * as tf from "@tensorflow/tfjs-core";
import { axpby, hasMultiTensorKernels } from "../backend/fused-ops.js";
import { endOfStep } from "../backend/webgpu/step-boundary.js";
import { type ArrayKind, sameShape } from "./array-kind.js";
import type { ResolvedGroup, SgdConfig } from "./config.js";
import { multiTensorStep } from "./multi-tensor.js";
import { checkSameLayout, fromGroups, type Params, toGroups } from "./params.js";
import { sgd } from "./sgd.js";
import type { SgdState, SgdStateJSON } from "./state.js";

/**
 * tfjs tensors as an array kind. axpby refuses different shapes: tfjs would broadcast them silently; it is one
 * kernel where the backend has explr's (webgpu).
 * Tensors are float32; encode reads them as numbers, which JSON holds exactly.
 */
export const tfjsOps: ArrayKind<tf.Tensor> = {
  axpby(a, x, b, y) {
    if (!sameShape(x.shape, y.shape)) {
      throw new RangeError(
        `axpby: tensors of shape [${x.shape}] and [${y.shape}]; both must have the same shape`,
      );
    }
    return axpby(a, x, b, y);
  },
  shape: (x) => x.shape,
  encode: (x) => ({ shape: [...x.shape], values: Array.from(x.dataSync()) }),
  decode: ({ shape, values }) => tf.tensor(values, shape, "float32"),
};

/** Gradients for `VariableSgd.step`: the same form as the variables, or tfjs's map from variable name. */
export type TfjsGrads = Params<tf.Tensor | null> | tf.NamedTensorMap;

/** SGD that updates tf.Variables in place; it owns its momentum buffers (call `dispose` when done). */
export interface VariableSgd {
  /** The resolved groups (defaults filled in), as the optimizer runs them. */
  readonly groups: readonly ResolvedGroup[];
  /** Step k = state.step: assigns w_{k+1} to the variables. The gradients stay the caller's to dispose. */
  step(grads: TfjsGrads): void;
  /** The current state (its buffers belong to the optimizer: do not dispose them). */
  readonly state: SgdState<tf.Tensor>;
  /** The state as plain JSON. */
  save(): SgdStateJSON;
  /** Replaces the state with a saved one (disposing the current buffers). */
  load(json: SgdStateJSON | string): void;
  /** Disposes the momentum buffers. */
  dispose(): void;
}

function disposeBuffers(state: SgdState<tf.Tensor>, keep: ReadonlySet<tf.Tensor> = new Set()): void {
  for (const group of state.buffers) for (const b of group) if (b !== null && !keep.has(b)) b.dispose();
}

/**
 * The functional `sgd` (same math, same `sgdUpdate`) applied to tf.Variables with `assign`; each step runs in a
 * tf.tidy, so only the new buffers outlive it. Where the backend has the kernels (webgpu), a step is one dispatch per
 * group (`multiTensorStep`). `variables` is flat, or one list per group when the configuration
 * has `groups`. Example: `const opt = sgdVariables({ lr: 0.1, momentum: 0.9 }, model.weights);
 * opt.step(tf.variableGrads(loss).grads)`.
 */
export function sgdVariables(
  config: SgdConfig,
  variables: Params<tf.Variable>,
  buffers?: Params<tf.Tensor | null>,
): VariableSgd {
  const optimizer = sgd(config);
  const grouped = config.groups !== undefined;
  const vars = toGroups(variables, grouped, optimizer.groups.length, "variables");
  const initial = optimizer.init<tf.Tensor>(variables as Params<tf.Tensor>, tfjsOps, buffers);
  // Copies, so that the caller may dispose the tensors it passed.
  let state: SgdState<tf.Tensor> = {
    ...initial,
    buffers: initial.buffers.map((group) => group.map((b) => (b === null ? null : tf.keep(b.clone())))),
  };
  const callerForm = <U>(groups: U[][]): Params<U> => fromGroups<U, U>(groups, grouped);
  const gradsByGroup = (grads: TfjsGrads): (tf.Tensor | null)[][] =>
    Array.isArray(grads)
      ? toGroups(grads as Params<tf.Tensor | null>, grouped, vars.length, "grads")
      : vars.map((group) => group.map((v) => (grads as tf.NamedTensorMap)[v.name] ?? null));

  return {
    groups: optimizer.groups,
    get state() {
      return state;
    },
    step(grads) {
      const g = gradsByGroup(grads);
      const previous = state;
      let next = previous;
      tf.tidy(() => {
        const result = hasMultiTensorKernels()
          ? multiTensorStep(optimizer, callerForm(vars), callerForm(g), previous)
          : optimizer.step<tf.Tensor, Params<tf.Tensor>>(callerForm(vars), callerForm(g), previous);
        const updated = toGroups(result.params, grouped, vars.length, "params");
        vars.forEach((group, gi) => {
          group.forEach((v, i) => {
            if (updated[gi][i] !== v) v.assign(updated[gi][i]);
          });
        });
        for (const group of result.state.buffers) for (const b of group) if (b !== null) tf.keep(b);
        next = result.state;
      });
      disposeBuffers(previous, new Set(next.buffers.flat().filter((b): b is tf.Tensor => b !== null)));
      state = next;
      endOfStep();
    },
    save: () => optimizer.saveState(state),
    load(json) {
      const loaded = optimizer.loadState(json, tfjsOps);
      try {
        checkSameLayout(tfjsOps, vars, loaded.buffers, "buffers");
      } catch (error) {
        disposeBuffers(loaded);
        throw error;
      }
      disposeBuffers(state);
      state = loaded;
    },
    dispose() {
      disposeBuffers(state);
      state = { ...state, buffers: state.buffers.map((group) => group.map(() => null)) };
    },
  };
}
