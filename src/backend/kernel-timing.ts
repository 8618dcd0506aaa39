import * as tf from "@tensorflow/tfjs-core";
import { replaceKernels, restoreKernels } from "./kernel-registry.js";

/** Wall time spent inside one kernel, excluding the kernels it runs itself (e.g. a gradient kernel's conv). */
export interface KernelTime {
  name: string;
  selfMs: number;
  calls: number;
}

/** Per-kernel timing installed on a backend; `stop` puts the original kernels back. */
export interface KernelTimer {
  /** Times since the start or the last `reset`, slowest first. */
  report(): KernelTime[];
  reset(): void;
  stop(): void;
}

/**
 * Wraps every kernel registered for `backendName` with a wall clock, attributing nested kernel calls to the inner
 * kernel only, so the self times add up to the time spent in kernels. Meaningful for synchronous backends (wasm,
 * cpu), where a kernel's work is done when it returns. Example:
 * `const timer = timeKernels("wasm"); step(); console.table(timer.report()); timer.stop();`
 */
export function timeKernels(backendName: string): KernelTimer {
  const originals = tf.getKernelsForBackend(backendName);
  if (originals.length === 0) {
    throw new RangeError(
      `backend '${backendName}' has no kernels registered; start it with backend.ready() first.`,
    );
  }
  const times = new Map<string, KernelTime>();
  // Time of the kernels called so far by each kernel that is still running, innermost last.
  const childTime: number[] = [];
  const timed: Record<string, tf.KernelFunc> = {};
  for (const original of originals) {
    const kernelFunc: tf.KernelFunc = (args) => {
      childTime.push(0);
      const start = performance.now();
      try {
        return original.kernelFunc(args);
      } finally {
        const total = performance.now() - start;
        const inner = childTime.pop() as number;
        if (childTime.length > 0) childTime[childTime.length - 1] += total;
        const entry = times.get(original.kernelName) ?? { name: original.kernelName, selfMs: 0, calls: 0 };
        entry.selfMs += total - inner;
        entry.calls += 1;
        times.set(original.kernelName, entry);
      }
    };
    timed[original.kernelName] = kernelFunc;
  }
  replaceKernels(backendName, timed);
  return {
    report: () => [...times.values()].map((t) => ({ ...t })).sort((a, b) => b.selfMs - a.selfMs),
    reset: () => times.clear(),
    stop: () => restoreKernels(backendName, timed),
  };
}
