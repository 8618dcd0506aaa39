import { norm } from "../vectors.js";
export interface ScaleInvarianceOptions {
  /** The factors c to try; default [0.01, 0.3, 2, 7, 100]. */
  scales?: readonly number[];
  /** The central-difference step relative to ‖w‖ when no gradient is given; default 1e-5. */
  relativeStep?: number;
}

/** The worst relative violation of each consequence of L(cw) = L(w), over the factors c tried. */
export interface ScaleInvarianceReport {
  /** max |L(cw) − L(w)| / |L(w)| (absolute when L(w) = 0). */
  value: number;
  /** |⟨∇L(w), w⟩| / (‖∇L(w)‖‖w‖). */
  orthogonality: number;
  /** max ‖c∇L(cw) − ∇L(w)‖ / ‖∇L(w)‖. */
  gradientScaling: number;
  /** The largest of the three. */
  worst: number;
}

function centralDifference(
  loss: (w: Float64Array) => number,
  w: Float64Array,
  relativeStep: number,
): Float64Array {
  // The step scales with ‖w‖, so the estimate at c·w makes the same relative error as at w.
  const h = relativeStep * norm(w);
  return w.map((_, i) => {
    const plus = Float64Array.from(w);
    const minus = Float64Array.from(w);
    plus[i] += h;
    minus[i] -= h;
    return (loss(plus) - loss(minus)) / (2 * h);
  });
}

/**
 * Checks a loss for scale invariance at w: L(cw) = L(w), ⟨∇L(w), w⟩ = 0 and ∇L(cw) = ∇L(w)/c, using `gradient`
 * or, when it is undefined, central differences (then expect errors near 1e-10 rather than 1e-15).
 * Example: `checkLossScaleInvariance((w) => f(w / ‖w‖), undefined, w).worst < 1e-6`.
 */
export function checkLossScaleInvariance(
  loss: (w: Float64Array) => number,
  gradient: ((w: Float64Array) => Float64Array) | undefined,
  w: Float64Array,
  options: ScaleInvarianceOptions = {},
): ScaleInvarianceReport {
  const scales = options.scales ?? [0.01, 0.3, 2, 7, 100];
  const relativeStep = options.relativeStep ?? 1e-5;
  const where = "theory.checkLossScaleInvariance";
  if (!(norm(w) > 0) || !Number.isFinite(norm(w))) {
    throw new RangeError(`${where}: w must be finite and non-zero, got ‖w‖ = ${norm(w)}`);
  }
  if (scales.length === 0 || scales.some((c) => !(c > 0) || !Number.isFinite(c))) {
    throw new RangeError(`${where}: scales must be finite numbers > 0, got [${scales.join(", ")}]`);
  }
  if (!(relativeStep > 0)) throw new RangeError(`${where}: relativeStep must be > 0, got ${relativeStep}`);
  const grad = gradient ?? ((x: Float64Array) => centralDifference(loss, x, relativeStep));
  const base = loss(w);
  const g = grad(w);
  const gNorm = norm(g);
  let dot = 0;
  for (let i = 0; i < w.length; i++) dot += g[i] * w[i];
  // A zero gradient is trivially orthogonal and scales trivially; compare absolutely then.
  const orthogonality = gNorm === 0 ? 0 : Math.abs(dot) / (gNorm * norm(w));
  let value = 0;
  let gradientScaling = 0;
  for (const c of scales) {
    const scaled = w.map((x) => c * x);
    value = Math.max(value, Math.abs(loss(scaled) - base) / (base === 0 ? 1 : Math.abs(base)));
    const gc = grad(scaled);
    const diff = norm(gc.map((x, i) => c * x - g[i]));
    gradientScaling = Math.max(gradientScaling, gNorm === 0 ? diff : diff / gNorm);
  }
  return { value, orthogonality, gradientScaling, worst: Math.max(value, orthogonality, gradientScaling) };
}
