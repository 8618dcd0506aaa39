import type { ArrayKind, EncodedArray } from "./array-kind.js";
import type { MomentumConvention } from "./update.js";

/** The hyperparameters a group's schedules gave at one step: η_k and λ_k. */
export interface GroupHyperparams {
  readonly lr: number;
  readonly weightDecay: number;
}

/** The optimizer's state: the number of steps taken and one momentum buffer per parameter (null: none yet). */
export interface SgdState<T> {
  readonly step: number;
  readonly buffers: readonly (readonly (T | null)[])[];
  /**
   * The hyperparameters the last step used, one entry per group in order (as optax's `inject_hyperparams` keeps
   * them in the state), so that a log records what the update did; empty before the first step and after a load.
   * A frozen group's entry is what its schedules gave, although it did not move.
   */
  readonly hyperparams: readonly GroupHyperparams[];
  /** The array kind the buffers live in. */
  readonly ops: ArrayKind<T>;
}

/** The format tag of a saved SGD state. */
export const SGD_STATE_FORMAT = "explr.sgd.state";
/** The version of the saved-state layout this code reads and writes. */
export const SGD_STATE_VERSION = 1;

/**
 * The state as plain JSON. The convention is recorded because a buffer is v (PyTorch, in gradient units) or
 * u (classic, in weight units): loading one as the other would silently change the run.
 */
export interface SgdStateJSON {
  format: typeof SGD_STATE_FORMAT;
  version: number;
  convention: MomentumConvention;
  step: number;
  buffers: (EncodedArray | null)[][];
}

/** Encodes the state; float64 values survive exactly (JSON numbers are float64). Refuses NaN or ±Infinity. */
export function encodeState<T>(state: SgdState<T>, convention: MomentumConvention): SgdStateJSON {
  const buffers = state.buffers.map((group, g) =>
    group.map((buffer, i) => {
      if (buffer === null) return null;
      const encoded = state.ops.encode(buffer);
      if (!encoded.values.every(Number.isFinite)) {
        throw new RangeError(
          `optim.sgd: the momentum buffer of group ${g} parameter ${i} holds NaN or Infinity at step ${state.step}; ` +
            "the run diverged, and JSON cannot hold these values",
        );
      }
      return encoded;
    }),
  );
  return { format: SGD_STATE_FORMAT, version: SGD_STATE_VERSION, convention, step: state.step, buffers };
}

/** Decodes a saved state into the array kind `ops`, refusing another format, version or convention. */
export function decodeState<T>(
  json: SgdStateJSON | string,
  ops: ArrayKind<T>,
  convention: MomentumConvention,
): SgdState<T> {
  const data = (typeof json === "string" ? JSON.parse(json) : json) as Partial<SgdStateJSON>;
  if (data?.format !== SGD_STATE_FORMAT) {
    throw new TypeError(
      `optim.sgd: not a saved SGD state (format ${JSON.stringify(data?.format)}, expected "${SGD_STATE_FORMAT}")`,
    );
  }
  if (data.version !== SGD_STATE_VERSION) {
    throw new RangeError(
      `optim.sgd: saved state version ${data.version}; this explr reads version ${SGD_STATE_VERSION}`,
    );
  }
  if (data.convention !== convention) {
    throw new RangeError(
      `optim.sgd: the state was saved with the ${data.convention} convention but this optimizer uses ${convention}; ` +
        "the buffers mean different things, configure the same convention",
    );
  }
  if (!Number.isInteger(data.step) || (data.step as number) < 0 || !Array.isArray(data.buffers)) {
    throw new TypeError(`optim.sgd: saved state has step ${data.step} and no valid buffers`);
  }
  return {
    step: data.step as number,
    buffers: data.buffers.map((group) => group.map((b) => (b === null ? null : ops.decode(b)))),
    hyperparams: [],
    ops,
  };
}
