/** Row-major float64 matrices, just what the reference network's forward and backward passes need. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matrix(
  rows: number,
  cols: number,
  data: Float64Array = new Float64Array(rows * cols),
): Matrix {
  if (data.length !== rows * cols) {
    throw new RangeError(`matrix: ${data.length} values cannot fill ${rows}×${cols}`);
  }
  return { rows, cols, data };
}

/** A·B, or Aᵀ·B / A·Bᵀ with the transpose flags. */
export function matmul(a: Matrix, b: Matrix, transposeA = false, transposeB = false): Matrix {
  const [n, k] = transposeA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [k2, m] = transposeB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (k !== k2) throw new RangeError(`matmul: inner sizes ${k} and ${k2} differ`);
  const out = matrix(n, m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const x = transposeA ? a.data[p * a.cols + i] : a.data[i * a.cols + p];
        const y = transposeB ? b.data[j * b.cols + p] : b.data[p * b.cols + j];
        sum += x * y;
      }
      out.data[i * m + j] = sum;
    }
  }
  return out;
}
