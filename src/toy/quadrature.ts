/**
 * Gaussian quadrature rules, for expectations under a normal distribution computed to float64 accuracy.
 * Nodes are the roots of the orthogonal polynomials, found by Newton's method from the classic asymptotic first
 * guesses; weights from the derivative at the root (Golub & Welsch's values, without the eigen-solver).
 */

export interface QuadratureRule {
  nodes: Float64Array;
  weights: Float64Array;
}

const maxNewtonIterations = 100;

/** Gauss–Legendre on [a, b]: ∫_a^b f(x) dx ≈ Σ w_i f(x_i), exact for polynomials of degree < 2n. */
export function gaussLegendre(n: number, a = -1, b = 1): QuadratureRule {
  assertOrder(n);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const mid = (a + b) / 2;
  const half = (b - a) / 2;
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iteration = 0; iteration < maxNewtonIterations; iteration++) {
      const { value, derivative } = legendre(n, x);
      const dx = value / derivative;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    const { derivative } = legendre(n, x);
    const weight = (2 * half) / ((1 - x * x) * derivative * derivative);
    nodes[i] = mid - half * x;
    nodes[n - 1 - i] = mid + half * x;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  return { nodes, weights };
}

/** P_n(x) and P_n'(x) by the recurrence (k+1) P_{k+1} = (2k+1) x P_k − k P_{k−1}. */
function legendre(n: number, x: number): { value: number; derivative: number } {
  let current = 1;
  let previous = 0;
  for (let k = 0; k < n; k++) {
    const older = previous;
    previous = current;
    current = ((2 * k + 1) * x * previous - k * older) / (k + 1);
  }
  return { value: current, derivative: (n * (x * current - previous)) / (x * x - 1) };
}

/**
 * Gauss–Hermite for the standard normal: E f(X) ≈ Σ w_i f(x_i) with X ~ N(0, 1), exact for polynomials of degree
 * < 2n. Computed with the orthonormal Hermite recurrence (stable for large n) in the physicists' variable t, x = √2 t.
 */
export function gaussHermiteNormal(n: number): QuadratureRule {
  assertOrder(n);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const pim4 = Math.PI ** -0.25;
  let t = 0;
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    if (i === 0) t = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** (-1 / 6);
    else if (i === 1) t -= (1.14 * n ** 0.426) / t;
    else if (i === 2) t = 1.86 * t - (0.86 * nodes[0]) / Math.SQRT2;
    else if (i === 3) t = 1.91 * t - (0.91 * nodes[1]) / Math.SQRT2;
    else t = 2 * t - nodes[i - 2] / Math.SQRT2;
    let derivative = 0;
    for (let iteration = 0; iteration < maxNewtonIterations; iteration++) {
      let p1 = pim4;
      let p2 = 0;
      for (let k = 1; k <= n; k++) {
        const p3 = p2;
        p2 = p1;
        p1 = t * Math.sqrt(2 / k) * p2 - Math.sqrt((k - 1) / k) * p3;
      }
      derivative = Math.sqrt(2 * n) * p2;
      const dt = p1 / derivative;
      t -= dt;
      if (Math.abs(dt) < 1e-15) break;
    }
    // Physicists' weight 2/pp², normalized by √π for the normal density.
    const weight = 2 / (derivative * derivative) / Math.sqrt(Math.PI);
    nodes[i] = t * Math.SQRT2;
    nodes[n - 1 - i] = -t * Math.SQRT2;
    weights[i] = weight;
    weights[n - 1 - i] = weight;
  }
  return { nodes, weights };
}

function assertOrder(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`quadrature order must be a positive integer, got ${n}`);
  }
}
