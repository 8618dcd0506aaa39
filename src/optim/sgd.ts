import type { ArrayKind } from "./array-kind.js";
import {
  momentumCorrectionAt,
  type ResolvedGroup,
  resolveGroups,
  type SgdConfig,
  stepConfig,
} from "./config.js";
import { float64Ops } from "./float64.js";
import { checkSameLayout, fromGroups, type Params, type SameForm, toGroups } from "./params.js";
import { decodeState, encodeState, type SgdState, type SgdStateJSON } from "./state.js";
import { sgdUpdate } from "./update.js";

/** T, but not a place to infer T from (TypeScript's NoInfer, which the tslab-pinned compiler lacks). */
type NotInferred<T> = [T][T extends unknown ? 0 : never];

/** A functional SGD optimizer (optax style): no hidden state, every step returns new parameters and state. */
export interface SgdOptimizer {
  /** The configuration it was built from. */
  readonly config: SgdConfig;
  /** The resolved groups (defaults filled in). */
  readonly groups: readonly ResolvedGroup[];
  /**
   * The state before step 0. `buffers` (same form as `params`, null entries allowed) sets initial momentum
   * buffers; without it the first step follows the convention (PyTorch: v_1 = d_0).
   */
  init<T = Float64Array>(
    params: readonly (readonly T[])[],
    ops?: ArrayKind<T>,
    buffers?: readonly (readonly (T | null)[])[],
  ): SgdState<T>;
  init<T = Float64Array>(
    params: readonly T[],
    ops?: ArrayKind<T>,
    buffers?: readonly (T | null)[],
  ): SgdState<T>;
  init<T = Float64Array>(params: Params<T>, ops?: ArrayKind<T>, buffers?: Params<T | null>): SgdState<T>;
  /**
   * Step k = state.step: returns w_{k+1} in the form of `params` and the new state. A null gradient leaves its
   * parameter and buffer untouched (PyTorch's grad None); frozen groups never move.
   */
  step<T, P extends Params<T>>(
    params: P,
    grads: Params<NotInferred<T> | null>,
    state: SgdState<T>,
  ): { params: SameForm<P, T, T>; state: SgdState<T> };
  /** The state as plain JSON, with a format and version tag. */
  saveState<T>(state: SgdState<T>): SgdStateJSON;
  /** A saved state, decoded into the array kind `ops` (float64 by default). */
  loadState<T = Float64Array>(json: SgdStateJSON | string, ops?: ArrayKind<T>): SgdState<T>;
}

/**
 * SGD with momentum, dampening, Nesterov, coupled or decoupled weight decay, schedules for LR and WD, parameter
 * groups, frozen groups and momentum corrections, all through the one rule `sgdUpdate`.
 * Example: `const opt = sgd({ lr: schedule.multiStep({ init: 0.1, boundaries: [100] }), momentum: 0.9,
 * weightDecay: 5e-4 }); let state = opt.init(params); ({ params, state } = opt.step(params, grads, state));`
 */
export function sgd(config: SgdConfig): SgdOptimizer {
  const groups = resolveGroups(config);
  const grouped = config.groups !== undefined;
  const convention = groups[0].convention;
  const split = <U>(p: Params<U>, what: string) => toGroups(p, grouped, groups.length, what);

  return {
    config,
    groups,
    init<T = Float64Array>(
      params: Params<T>,
      ops: ArrayKind<T> = float64Ops as unknown as ArrayKind<T>,
      buffers?: Params<T | null>,
    ): SgdState<T> {
      const p = split(params, "params");
      if (buffers === undefined)
        return { step: 0, buffers: p.map((g) => g.map(() => null)), hyperparams: [], ops };
      const b = split(buffers, "initial buffers");
      checkSameLayout(ops, p, b, "initial buffers");
      b.forEach((group, g) => {
        if (groups[g].momentum === 0 && group.some((x) => x !== null)) {
          throw new RangeError(
            `optim.sgd group ${g}: an initial momentum buffer was given but momentum is 0`,
          );
        }
      });
      return { step: 0, buffers: b.map((group) => [...group]), hyperparams: [], ops };
    },

    step<T, P extends Params<T>>(params: P, grads: Params<T | null>, state: SgdState<T>) {
      const { ops, step: k } = state;
      const p = split(params, "params");
      const g = split(grads, "grads");
      if (state.buffers.length !== p.length) {
        throw new RangeError(
          `optim.sgd: the state has ${state.buffers.length} groups, the params ${p.length}`,
        );
      }
      checkSameLayout(ops, p, g, "grads");
      checkSameLayout(ops, p, state.buffers, "buffers");
      const nextParams: T[][] = [];
      const nextBuffers: (T | null)[][] = [];
      const hypers = groups.map((group) => stepConfig(group, k));
      p.forEach((weights, gi) => {
        const group = groups[gi];
        if (group.frozen) {
          nextParams.push([...weights]);
          nextBuffers.push([...state.buffers[gi]]);
          return;
        }
        const hyper = hypers[gi];
        const kappa = momentumCorrectionAt(group, k);
        const newWeights: T[] = [];
        const newBuffers: (T | null)[] = [];
        weights.forEach((w, i) => {
          let buffer = state.buffers[gi][i];
          const grad = g[gi][i];
          if (grad === null) {
            newWeights.push(w);
            newBuffers.push(buffer);
            return;
          }
          if (kappa !== 0)
            buffer = buffer === null ? ops.axpby(kappa, w, 0, w) : ops.axpby(1, buffer, kappa, w);
          const result = sgdUpdate(ops, hyper, w, grad, buffer);
          newWeights.push(result.weights);
          newBuffers.push(result.buffer);
        });
        nextParams.push(newWeights);
        nextBuffers.push(newBuffers);
      });
      return {
        params: fromGroups(nextParams, grouped) as SameForm<P, T, T>,
        state: {
          step: k + 1,
          buffers: nextBuffers,
          hyperparams: hypers.map(({ lr, weightDecay }) => ({ lr, weightDecay })),
          ops,
        },
      };
    },

    saveState: (state) => encodeState(state, convention),

    loadState<T = Float64Array>(json: SgdStateJSON | string, ops?: ArrayKind<T>): SgdState<T> {
      const state = decodeState(json, ops ?? (float64Ops as unknown as ArrayKind<T>), convention);
      if (state.buffers.length !== groups.length) {
        throw new RangeError(
          `optim.sgd: the saved state has ${state.buffers.length} groups, this optimizer ${groups.length}`,
        );
      }
      return state;
    },
  };
}
