/**
 * Scale-invariant networks on TensorFlow.js: normalization layers, PreResNet and a small CNN, the kind of each
 * parameter (scale-invariant, normalization affine, output), and checks of the invariance.
 */
export type { ModelConfig, NormKind, ResolvedModelConfig } from "./config.js";
export { resolveConfig } from "./config.js";
export { normalValues } from "./init.js";
export { checkModelScaleInvariance, type GroupInvariance, type InvarianceOptions } from "./invariance.js";
export {
  affine,
  batchNormTraining,
  conv2d,
  dense,
  globalAveragePool,
  meanOverNhw,
  type NormOptions,
  normalize,
  type ParamReader,
  perSampleNormalize,
} from "./layers.js";
export { softmaxCrossEntropy } from "./loss.js";
export { buildModel, type ForwardOptions, type Model } from "./model.js";
export { groupByKind, type Param, type ParamKind, paramKinds } from "./params.js";
