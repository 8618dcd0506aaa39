import { type Matrix, matrix } from "./matrix.js";

/**
 * Normalization of a [N, H] activation matrix with its backward pass.
 * - "batch" (BatchNorm in batch-statistics mode): each feature (column) over the batch.
 * - "layer" (LayerNorm): each sample (row) over its features.
 * x̂ = (z − μ)/√(σ² + ε), y = γ ⊙ x̂ + β with γ, β per feature.
 * Backward of one normalized group of size m: dz = (dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) / √(σ² + ε).
 * ε = 0 makes the layer exactly scale invariant; a group with zero variance then has no defined output and throws.
 */
export type NormKind = "batch" | "layer";

export interface NormCache {
  normalized: Matrix;
  inverseStd: Float64Array;
}

interface Groups {
  count: number;
  size: number;
  index(group: number, member: number): number;
}

function groupsOf(kind: NormKind, rows: number, cols: number): Groups {
  return kind === "batch"
    ? { count: cols, size: rows, index: (g, m) => m * cols + g }
    : { count: rows, size: cols, index: (g, m) => g * cols + m };
}

export function normalizeForward(kind: NormKind, z: Matrix, epsilon: number): NormCache {
  const groups = groupsOf(kind, z.rows, z.cols);
  const normalized = matrix(z.rows, z.cols);
  const inverseStd = new Float64Array(groups.count);
  for (let g = 0; g < groups.count; g++) {
    let mean = 0;
    for (let m = 0; m < groups.size; m++) mean += z.data[groups.index(g, m)];
    mean /= groups.size;
    let variance = 0;
    for (let m = 0; m < groups.size; m++) variance += (z.data[groups.index(g, m)] - mean) ** 2;
    variance /= groups.size;
    if (variance + epsilon === 0) {
      throw new RangeError(
        `${kind} norm: group ${g} has zero variance and ε = 0; use ε > 0 or a larger group`,
      );
    }
    inverseStd[g] = 1 / Math.sqrt(variance + epsilon);
    for (let m = 0; m < groups.size; m++) {
      const i = groups.index(g, m);
      normalized.data[i] = (z.data[i] - mean) * inverseStd[g];
    }
  }
  return { normalized, inverseStd };
}

/** Gradient with respect to the layer's input, given the gradient with respect to x̂. */
export function normalizeBackward(kind: NormKind, cache: NormCache, gradNormalized: Matrix): Matrix {
  const { normalized, inverseStd } = cache;
  const groups = groupsOf(kind, normalized.rows, normalized.cols);
  const grad = matrix(normalized.rows, normalized.cols);
  for (let g = 0; g < groups.count; g++) {
    let meanGrad = 0;
    let meanGradX = 0;
    for (let m = 0; m < groups.size; m++) {
      const i = groups.index(g, m);
      meanGrad += gradNormalized.data[i];
      meanGradX += gradNormalized.data[i] * normalized.data[i];
    }
    meanGrad /= groups.size;
    meanGradX /= groups.size;
    for (let m = 0; m < groups.size; m++) {
      const i = groups.index(g, m);
      grad.data[i] = (gradNormalized.data[i] - meanGrad - normalized.data[i] * meanGradX) * inverseStd[g];
    }
  }
  return grad;
}
