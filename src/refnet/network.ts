import { seededRandom } from "../random.js";
import { type Matrix, matmul, matrix } from "./matrix.js";
import { type NormCache, type NormKind, normalizeBackward, normalizeForward } from "./normalize.js";

/**
 * A small normalized network on float64 arrays with its own backward pass: the reference on which the paper's
 * theorem can be shown exact (tfjs has no float64).
 *
 *   x → W₁ → norm₁ → γ₁ ⊙ · + β₁ → ReLU → W₂ → norm₂ → γ₂ ⊙ · + β₂ → ReLU → W₃ → + b₃ → softmax cross-entropy
 *
 * W₁ and W₂ each feed a normalization, so with ε = 0 the loss is exactly invariant to scaling either of them
 * ("scale-invariant" kind). γ, β ("norm-affine") and W₃, b₃ ("output") are not: the theorem needs them fixed,
 * which is the default (γ = 1, β = 0, a random W₃ that is never trained).
 */
export type ParameterKind = "scale-invariant" | "norm-affine" | "output";

export interface ReferenceNetConfig {
  inputs: number;
  hidden: number;
  classes: number;
  /** Normalization after W₁ and after W₂; LayerNorm then BatchNorm by default (a LayerNorm after a ReLU can meet an all-zero row). */
  norms?: readonly [NormKind, NormKind];
  /** Added to the variance; 0 (the default) keeps the invariance exact. */
  epsilon?: number;
  /** Whether γ and β are trained; "fixed" keeps γ = 1, β = 0. */
  affine?: "fixed" | "learnable";
  /** Whether W₃ and b₃ are trained. */
  output?: "fixed" | "trained";
  seed?: number;
}

export interface ReferenceParameter {
  name: string;
  kind: ParameterKind;
  /** Whether the configuration trains it; fixed parameters keep their initial value. */
  trainable: boolean;
  shape: readonly [number, number];
  init: Float64Array;
}

export interface Evaluation {
  loss: number;
  logits: Matrix;
  /** One gradient per parameter, in the order of `parameters`. */
  grads: Float64Array[];
}

export interface ReferenceNet {
  config: Required<ReferenceNetConfig>;
  parameters: ReferenceParameter[];
  /** Loss, logits and gradients for a batch `x` [N, inputs] with integer labels. */
  evaluate(values: readonly Float64Array[], x: Matrix, labels: ArrayLike<number>): Evaluation;
}

export function referenceNet(config: ReferenceNetConfig): ReferenceNet {
  const full: Required<ReferenceNetConfig> = {
    norms: ["layer", "batch"],
    epsilon: 0,
    affine: "fixed",
    output: "fixed",
    seed: 0,
    ...config,
  };
  const { inputs, hidden, classes, norms, epsilon } = full;
  for (const [name, size] of Object.entries({ inputs, hidden, classes })) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`referenceNet: ${name} must be a positive integer`);
  }
  if (!(epsilon >= 0)) throw new RangeError(`referenceNet: epsilon must be ≥ 0, got ${epsilon}`);

  const random = seededRandom(full.seed);
  const gaussian = (n: number, std: number) => Float64Array.from({ length: n }, () => std * random.normal());
  const affineTrained = full.affine === "learnable";
  const outputTrained = full.output === "trained";
  const parameters: ReferenceParameter[] = [
    param("W1", "scale-invariant", true, [inputs, hidden], gaussian(inputs * hidden, Math.sqrt(2 / inputs))),
    param("gamma1", "norm-affine", affineTrained, [1, hidden], new Float64Array(hidden).fill(1)),
    param("beta1", "norm-affine", affineTrained, [1, hidden], new Float64Array(hidden)),
    param("W2", "scale-invariant", true, [hidden, hidden], gaussian(hidden * hidden, Math.sqrt(2 / hidden))),
    param("gamma2", "norm-affine", affineTrained, [1, hidden], new Float64Array(hidden).fill(1)),
    param("beta2", "norm-affine", affineTrained, [1, hidden], new Float64Array(hidden)),
    param(
      "W3",
      "output",
      outputTrained,
      [hidden, classes],
      gaussian(hidden * classes, Math.sqrt(1 / hidden)),
    ),
    param("b3", "output", outputTrained, [1, classes], new Float64Array(classes)),
  ];

  function evaluate(values: readonly Float64Array[], x: Matrix, labels: ArrayLike<number>): Evaluation {
    if (values.length !== parameters.length) {
      throw new RangeError(
        `referenceNet: ${values.length} parameter values for ${parameters.length} parameters`,
      );
    }
    parameters.forEach((p, i) => {
      if (values[i].length !== p.init.length) {
        throw new RangeError(
          `referenceNet: ${p.name} has ${values[i].length} values, expected ${p.init.length}`,
        );
      }
    });
    if (x.cols !== inputs || labels.length !== x.rows) {
      throw new RangeError(
        `referenceNet: batch is ${x.rows}×${x.cols} with ${labels.length} labels; expected N×${inputs}`,
      );
    }
    for (let r = 0; r < labels.length; r++) {
      if (!Number.isInteger(labels[r]) || labels[r] < 0 || labels[r] >= classes) {
        throw new RangeError(`referenceNet: label ${labels[r]} of sample ${r} is outside 0..${classes - 1}`);
      }
    }
    const [W1, gamma1, beta1, W2, gamma2, beta2, W3, b3] = values;
    const layer1 = normalizedLayer(x, matrix(inputs, hidden, W1), gamma1, beta1, norms[0], epsilon);
    const layer2 = normalizedLayer(layer1.out, matrix(hidden, hidden, W2), gamma2, beta2, norms[1], epsilon);
    const logits = matmul(layer2.out, matrix(hidden, classes, W3));
    for (let i = 0; i < logits.data.length; i++) logits.data[i] += b3[i % classes];

    const { loss, grad: gradLogits } = softmaxCrossEntropy(logits, labels);
    const gradW3 = matmul(layer2.out, gradLogits, true).data;
    const gradB3 = columnSums(gradLogits);
    const back2 = layer2.backward(matmul(gradLogits, matrix(hidden, classes, W3), false, true));
    const back1 = layer1.backward(matmul(back2.gradInput, matrix(hidden, hidden, W2), false, true));
    return {
      loss,
      logits,
      grads: [
        back1.gradW,
        back1.gradGamma,
        back1.gradBeta,
        back2.gradW,
        back2.gradGamma,
        back2.gradBeta,
        gradW3,
        gradB3,
      ],
    };
  }

  return { config: full, parameters, evaluate };
}

function param(
  name: string,
  kind: ParameterKind,
  trainable: boolean,
  shape: [number, number],
  init: Float64Array,
): ReferenceParameter {
  return { name, kind, trainable, shape, init };
}

/** input → W → norm → affine → ReLU, returning the output and a closure for the backward pass. */
function normalizedLayer(
  input: Matrix,
  weights: Matrix,
  gamma: Float64Array,
  beta: Float64Array,
  kind: NormKind,
  epsilon: number,
) {
  const z = matmul(input, weights);
  const cache: NormCache = normalizeForward(kind, z, epsilon);
  const features = z.cols;
  const pre = matrix(z.rows, features);
  const out = matrix(z.rows, features);
  for (let i = 0; i < pre.data.length; i++) {
    pre.data[i] = gamma[i % features] * cache.normalized.data[i] + beta[i % features];
    out.data[i] = Math.max(pre.data[i], 0);
  }
  return {
    out,
    backward(gradOut: Matrix) {
      const gradPre = matrix(z.rows, features);
      for (let i = 0; i < gradPre.data.length; i++) gradPre.data[i] = pre.data[i] > 0 ? gradOut.data[i] : 0;
      const gradGamma = new Float64Array(features);
      const gradNormalized = matrix(z.rows, features);
      for (let i = 0; i < gradPre.data.length; i++) {
        gradGamma[i % features] += gradPre.data[i] * cache.normalized.data[i];
        gradNormalized.data[i] = gradPre.data[i] * gamma[i % features];
      }
      const gradZ = normalizeBackward(kind, cache, gradNormalized);
      return {
        gradW: matmul(input, gradZ, true).data,
        gradGamma,
        gradBeta: columnSums(gradPre),
        gradInput: gradZ,
      };
    },
  };
}

function columnSums(m: Matrix): Float64Array {
  const sums = new Float64Array(m.cols);
  for (let i = 0; i < m.data.length; i++) sums[i % m.cols] += m.data[i];
  return sums;
}

/** Mean cross-entropy of softmax(logits) and its gradient (softmax − onehot)/N. */
function softmaxCrossEntropy(logits: Matrix, labels: ArrayLike<number>): { loss: number; grad: Matrix } {
  const { rows, cols } = logits;
  const grad = matrix(rows, cols);
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const row = logits.data.subarray(r * cols, (r + 1) * cols);
    const max = row.reduce((m, v) => Math.max(m, v), -Infinity);
    let total = 0;
    for (let c = 0; c < cols; c++) total += Math.exp(row[c] - max);
    const label = labels[r];
    loss += Math.log(total) + max - row[label];
    for (let c = 0; c < cols; c++) {
      grad.data[r * cols + c] = (Math.exp(row[c] - max) / total - (c === label ? 1 : 0)) / rows;
    }
  }
  return { loss: loss / rows, grad };
}
