import * as tf from "@tensorflow/tfjs-core";
import { softmaxCrossEntropy } from "./loss.js";
import type { Model } from "./model.js";
import { type ParamKind, paramKinds } from "./params.js";

/** What scaling one parameter group by c does to the network, measured on a batch. */
export interface GroupInvariance {
  kind: ParamKind;
  /** Largest |L(c·w) − L(w)| / |L(w)| over the scales tried. */
  lossChange: number;
  /** Largest max|z(c·w) − z(w)| / max|z(w)| of the logits over the scales tried. */
  logitsChange: number;
  /** ⟨∇L, w⟩ / (‖∇L‖‖w‖) over the group (0 for an invariant loss); NaN when ∇L or w is zero. */
  gradientCosine: number;
  /** Whether logitsChange and |gradientCosine| are both within the tolerance; null for an all-zero group. */
  invariant: boolean | null;
}

export interface InvarianceOptions {
  /** Scales c to try; default [0.5, 3]. */
  scales?: number[];
  /** Relative error below which a group counts as invariant; default 1e-3 (float32 with BN ε = 1e-5). */
  tolerance?: number;
  /** BatchNorm mode; default true (batch statistics, the mode in which conv weights are invariant). */
  training?: boolean;
}

/**
 * Measures, for every non-empty parameter group, whether the loss is scale invariant in it: L(c·w) = L(w) for
 * c > 0 and ⟨∇L(w), w⟩ = 0. Running statistics are not updated. Example:
 * `checkModelScaleInvariance(model, x, y).find((g) => g.kind === "scale-invariant")?.invariant === true`.
 */
export function checkModelScaleInvariance(
  model: Model,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  options: InvarianceOptions = {},
): GroupInvariance[] {
  const { scales = [0.5, 3], tolerance = 1e-3, training = true } = options;
  for (const c of scales) {
    if (!(c > 0) || c === 1) throw new RangeError(`scale ${c} must be positive and ≠ 1 to test invariance.`);
  }
  const run = (overrides?: Map<string, tf.Tensor>) => {
    const logits = model.forward(x, { training, updateStats: false, overrides });
    return { logits, loss: softmaxCrossEntropy(logits, labels).loss };
  };
  let results: GroupInvariance[] = [];
  tf.tidy(() => {
    const base = run();
    const baseLoss = base.loss.dataSync()[0];
    const baseLogits = base.logits.dataSync();
    const logitsScale = Math.max(...baseLogits.map(Math.abs));
    results = paramKinds
      .map((kind) => model.groups[kind])
      .filter((group) => group.length > 0)
      .map((group): GroupInvariance => {
        const kind = group[0].kind;
        let lossChange = 0;
        let logitsChange = 0;
        for (const c of scales) {
          const scaled = run(new Map(group.map((p) => [p.name, tf.mul(p.variable, c)])));
          lossChange = Math.max(
            lossChange,
            Math.abs(scaled.loss.dataSync()[0] - baseLoss) / Math.abs(baseLoss),
          );
          const diff = scaled.logits.dataSync().map((v, i) => Math.abs(v - baseLogits[i]));
          logitsChange = Math.max(logitsChange, Math.max(...diff) / logitsScale);
        }
        const weights = group.map((p) => p.variable);
        const gradient = tf.grads(
          (...ws: tf.Tensor[]) => run(new Map(group.map((p, i) => [p.name, ws[i]]))).loss,
        )(weights);
        const [g, w] = [flat(gradient), flat(weights)];
        const dot = tf.sum(tf.mul(g, w)).dataSync()[0];
        const gradientNorm = Math.sqrt(tf.sum(tf.square(g)).dataSync()[0]);
        const weightNorm = Math.sqrt(tf.sum(tf.square(w)).dataSync()[0]);
        const gradientCosine = dot / (gradientNorm * weightNorm);
        const invariant =
          weightNorm === 0 ? null : logitsChange < tolerance && Math.abs(gradientCosine) < tolerance;
        return { kind, lossChange, logitsChange, gradientCosine, invariant };
      });
  });
  return results;
}

/** The tensors laid end to end as one vector (the group's weights or gradient as one point of parameter space). */
function flat(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.concat(tensors.map((t) => t.reshape([-1]))) as tf.Tensor1D;
}
