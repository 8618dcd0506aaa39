import type * as tf from "@tensorflow/tfjs-core";

/** tfjs's own webgpu kernels that explr's replaced, kept when they were replaced, for the cases explr's leave to them. */
const replaced = new Map<string, tf.KernelFunc>();

/** Keeps tfjs's kernel `name` before explr's replaces it (the first one seen is tfjs's). */
export function keepTfjsKernel(name: string, kernelFunc: tf.KernelFunc): void {
  if (!replaced.has(name)) replaced.set(name, kernelFunc);
}

/** tfjs's own webgpu kernel `name`, which explr's replaced. */
export function tfjsKernel(name: string): tf.KernelFunc {
  const kernelFunc = replaced.get(name);
  if (kernelFunc === undefined) {
    throw new Error(
      `tfjs's webgpu kernel ${name} was not kept: register explr's kernels with registerWebgpuKernels().`,
    );
  }
  return kernelFunc;
}
