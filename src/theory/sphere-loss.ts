import { norm } from "../vectors.js";
/** A loss that may change from step to step (a minibatch sequence): L_k(w) and ∇L_k(w). */
export interface StepLoss {
  value(w: Float64Array, step: number): number;
  gradient(w: Float64Array, step: number): Float64Array;
}

/**
 * The exactly scale-invariant loss L_k(w) = f_k(w/‖w‖), with ∇L_k(w) = (I − u uᵀ) ∇f_k(u) / ‖w‖, u = w/‖w‖:
 * the test bed of the theory, where every equivalence holds to rounding. Throws at w = 0, where L is undefined.
 */
export function scaleInvariantLoss(f: StepLoss): StepLoss {
  const direction = (w: Float64Array) => {
    const n = norm(w);
    if (!(n > 0) || !Number.isFinite(n)) {
      throw new RangeError(
        `theory.scaleInvariantLoss: ‖w‖ = ${n}; a scale-invariant loss needs finite w ≠ 0`,
      );
    }
    return { u: w.map((x) => x / n), n };
  };
  return {
    value(w, step) {
      return f.value(direction(w).u, step);
    },
    gradient(w, step) {
      const { u, n } = direction(w);
      const g = f.gradient(u, step);
      let radial = 0;
      for (let i = 0; i < u.length; i++) radial += g[i] * u[i];
      return g.map((gi, i) => (gi - radial * u[i]) / n);
    },
  };
}

export interface NoisyQuadraticOptions {
  /** The diagonal a of the quadratic ½ Σ a_i u_i². */
  curvature: ArrayLike<number>;
  /** ξ_k, the linear noise term of step k; the same step must give the same vector. */
  noise: (step: number) => ArrayLike<number>;
}

/**
 * f_k(u) = ½ Σ a_i u_i² + ⟨ξ_k, u⟩, a quadratic with per-step noise: with `scaleInvariantLoss`, a stand-in for a
 * normalized network trained on minibatches. Example: `scaleInvariantLoss(noisyQuadratic({ curvature: [1, 2],
 * noise: (k) => [Math.sin(k), Math.cos(k)] }))`.
 */
export function noisyQuadratic(options: NoisyQuadraticOptions): StepLoss {
  const a = Float64Array.from(options.curvature);
  const noiseAt = (step: number) => {
    const xi = options.noise(step);
    if (xi.length !== a.length) {
      throw new RangeError(
        `theory.noisyQuadratic: noise of length ${xi.length} at step ${step}; it must be ${a.length}`,
      );
    }
    return xi;
  };
  return {
    value(u, step) {
      const xi = noiseAt(step);
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += 0.5 * a[i] * u[i] * u[i] + xi[i] * u[i];
      return sum;
    },
    gradient(u, step) {
      const xi = noiseAt(step);
      return a.map((ai, i) => ai * u[i] + xi[i]);
    },
  };
}
