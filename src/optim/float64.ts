import type { LinearOps } from "./update.js";

/** Float64 arrays: the array kind of the theory and of the exactness tests. */
export const float64Ops: LinearOps<Float64Array> = {
  axpby(a, x, b, y) {
    if (x.length !== y.length) {
      throw new RangeError(
        `axpby: arrays of length ${x.length} and ${y.length}; both must have the same length`,
      );
    }
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = a * x[i] + b * y[i];
    return out;
  },
};
