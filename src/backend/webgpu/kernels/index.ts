import * as tf from "@tensorflow/tfjs-core";
import { fusedKernelNames } from "../../fused-ops.js";
import { axpbyWebgpu } from "./axpby.js";
import { batchNormBackwardWebgpu, batchNormForwardWebgpu, runningAverageWebgpu } from "./batch-norm.js";
import { conv2dFilterGradientWebgpu } from "./conv-filter-gradient.js";
import { conv2dInputGradientWebgpu } from "./conv-input-gradient.js";
import { flattenWebgpu, unflattenWebgpu } from "./flat-copies.js";
import { linearProgramWebgpu } from "./linear-program.js";

/**
 * explr's kernels for tfjs's `webgpu` backend, by kernel name: tfjs's own where explr's is faster, and explr's fused
 * ops (src/backend/fused-ops.ts).
 */
export const webgpuKernels: Readonly<Record<string, tf.KernelFunc>> = {
  [tf.Conv2DBackpropFilter]: conv2dFilterGradientWebgpu,
  [tf.Conv2DBackpropInput]: conv2dInputGradientWebgpu,
  [fusedKernelNames.axpby]: axpbyWebgpu,
  [fusedKernelNames.batchNormForward]: batchNormForwardWebgpu,
  [fusedKernelNames.batchNormBackward]: batchNormBackwardWebgpu,
  [fusedKernelNames.runningAverage]: runningAverageWebgpu,
  [fusedKernelNames.linearProgram]: linearProgramWebgpu,
  [fusedKernelNames.flatten]: flattenWebgpu,
  [fusedKernelNames.unflatten]: unflattenWebgpu,
};
