import { gaussHermiteNormal, gaussLegendre } from "./quadrature.js";

/**
 * The population logistic loss of the paper's toy example (PAPER.md §7, this project's reconstruction):
 * x ~ N(0, I₂), y = sign(x₁), a linear model w ∈ R², L(w) = E log(1 + exp(−y xᵀw)).
 *
 * The pair (x, y) ↦ (−x, −y) leaves y xᵀw unchanged, so L(w) = 2 E[1{x₁>0} log(1 + exp(−xᵀw))]: a smooth integrand on
 * a half-plane. x₁ uses Gauss–Legendre on [0, 12] against the normal density (the tail beyond 12 is below 1e-32),
 * x₂ Gauss–Hermite; both rules are exact-symmetric in x₂, so w₂ = 0 stays exactly a critical direction.
 */
export interface PopulationLoss {
  loss(w: Float64Array): number;
  gradient(w: Float64Array): Float64Array;
  /** P(sign(xᵀw) ≠ y) = angle(w, e₁)/π, computed with atan2 so tiny angles keep their digits. */
  error(w: Float64Array): number;
}

export interface QuadratureOrders {
  /** Gauss–Legendre nodes on the half-line of x₁. */
  halfLine?: number;
  /** Gauss–Hermite nodes for x₂. */
  line?: number;
}

const halfLineCutoff = 12;

export function logisticPopulation({ halfLine = 64, line = 48 }: QuadratureOrders = {}): PopulationLoss {
  const rule1 = gaussLegendre(halfLine, 0, halfLineCutoff);
  const rule2 = gaussHermiteNormal(line);
  const size = halfLine * line;
  const x1 = new Float64Array(size);
  const x2 = new Float64Array(size);
  const weight = new Float64Array(size);
  for (let i = 0; i < halfLine; i++) {
    const density = Math.exp(-0.5 * rule1.nodes[i] ** 2) / Math.sqrt(2 * Math.PI);
    for (let j = 0; j < line; j++) {
      const k = i * line + j;
      x1[k] = rule1.nodes[i];
      x2[k] = rule2.nodes[j];
      weight[k] = 2 * rule1.weights[i] * density * rule2.weights[j];
    }
  }

  return {
    loss(w) {
      let total = 0;
      for (let k = 0; k < size; k++) total += weight[k] * softplus(-(x1[k] * w[0] + x2[k] * w[1]));
      return total;
    },
    gradient(w) {
      let g0 = 0;
      let g1 = 0;
      for (let k = 0; k < size; k++) {
        // d/dm log(1 + e^{−m}) = −σ(−m) = −1/(1 + e^{m}).
        const slope = -weight[k] / (1 + Math.exp(x1[k] * w[0] + x2[k] * w[1]));
        g0 += slope * x1[k];
        g1 += slope * x2[k];
      }
      return Float64Array.of(g0, g1);
    },
    error(w) {
      return Math.atan2(Math.abs(w[1]), w[0]) / Math.PI;
    },
  };
}

/** log(1 + eᶻ) without overflow. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * The same loss behind an output normalization with fixed scale 1 and bias 0 ("BN"): L_BN(w) = L(w/‖w‖).
 * Scale invariant, so ∇L_BN(w) = (I − uuᵀ) ∇L(u) / ‖w‖ with u = w/‖w‖ (PAPER.md §2).
 */
export function normalized(base: PopulationLoss): PopulationLoss {
  const unit = (w: Float64Array) => {
    const norm = Math.hypot(w[0], w[1]);
    return { u: Float64Array.of(w[0] / norm, w[1] / norm), norm };
  };
  return {
    loss: (w) => base.loss(unit(w).u),
    gradient(w) {
      const { u, norm } = unit(w);
      const g = base.gradient(u);
      const radial = g[0] * u[0] + g[1] * u[1];
      return Float64Array.of((g[0] - radial * u[0]) / norm, (g[1] - radial * u[1]) / norm);
    },
    error: base.error,
  };
}
