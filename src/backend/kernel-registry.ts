import * as tf from "@tensorflow/tfjs-core";

/**
 * The one place explr changes tfjs's kernel registry. A kernel installed here remembers the one it replaced (tfjs's
 * own, or explr's of an earlier layer): that is its fallback for the cases it leaves, and what `restoreKernels`
 * puts back.
 */

/** Per "backend/kernel": explr's kernel functions installed there → the configuration each replaced (or null). */
const replaced = new Map<string, Map<tf.KernelFunc, tf.KernelConfig | null>>();
const key = (backendName: string, kernelName: string) => `${backendName}/${kernelName}`;

/**
 * Installs `kernels` (by kernel name) for `backendName`, each replacing what is registered now. The replaced
 * configuration's setup and dispose functions are kept (tfjs-wasm's Conv2D must still be set up when its backend
 * starts). Idempotent: a kernel already in place stays, and keeps its fallback.
 */
export function replaceKernels(backendName: string, kernels: Readonly<Record<string, tf.KernelFunc>>): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    const current = tf.getKernel(kernelName, backendName);
    if (current?.kernelFunc === kernelFunc) continue;
    const entries = replaced.get(key(backendName, kernelName)) ?? new Map();
    entries.set(kernelFunc, current ?? null);
    replaced.set(key(backendName, kernelName), entries);
    if (current !== undefined) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...(current ?? { kernelName, backendName }), kernelFunc });
  }
}

/** The kernel that `by`, installed by `replaceKernels`, replaced for `backendName`: its fallback. */
export function replacedKernel(backendName: string, kernelName: string, by: tf.KernelFunc): tf.KernelFunc {
  const config = replaced.get(key(backendName, kernelName))?.get(by);
  if (config === undefined || config === null) {
    throw new Error(`explr's ${kernelName} kernel for '${backendName}' replaced none to fall back to`);
  }
  return config.kernelFunc;
}

/** Puts back what each of `kernels` replaced, where it is still the one registered. */
export function restoreKernels(backendName: string, kernels: Readonly<Record<string, tf.KernelFunc>>): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    const entries = replaced.get(key(backendName, kernelName));
    const previous = entries?.get(kernelFunc);
    if (previous === undefined || tf.getKernel(kernelName, backendName)?.kernelFunc !== kernelFunc) continue;
    tf.unregisterKernel(kernelName, backendName);
    if (previous !== null) tf.registerKernel(previous);
    entries?.delete(kernelFunc);
  }
}
