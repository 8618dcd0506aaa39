import type { ArrayKind } from "./array-kind.js";

/**
 * Float64 arrays: the array kind of the theory and of the exactness tests. A Float64Array is one-dimensional,
 * its shape is [length]; JSON numbers are float64, so encode/decode are exact.
 */
export const float64Ops: ArrayKind<Float64Array> = {
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
  shape: (x) => [x.length],
  encode: (x) => ({ shape: [x.length], values: Array.from(x) }),
  decode({ shape, values }) {
    if (shape.length !== 1 || shape[0] !== values.length) {
      throw new RangeError(
        `float64Ops.decode: shape [${shape}] does not hold ${values.length} values; float64 arrays are 1-D`,
      );
    }
    return Float64Array.from(values);
  },
};
