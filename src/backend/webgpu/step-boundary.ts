import * as tf from "@tensorflow/tfjs-core";
import { throwIfGpuFailed } from "./device-errors.js";

/** The parts of tfjs-backend-webgpu's WebGPUBackend that submit recorded work. */
interface SubmittingBackend {
  commandEncoder: unknown;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

function isSubmitting(backend: object): backend is SubmittingBackend {
  const b = backend as Partial<SubmittingBackend>;
  return typeof b.submitQueue === "function" && typeof b.endComputePassEncoder === "function";
}

/** On webgpu, submits the dispatches recorded so far, so the GPU starts on them; elsewhere does nothing. */
export function submitRecordedWork(): void {
  if (tf.getBackend() !== "webgpu") return;
  const backend = tf.backend();
  if (!isSubmitting(backend) || backend.commandEncoder == null) return;
  backend.endComputePassEncoder();
  backend.submitQueue();
}

/**
 * Marks the end of a training step. On webgpu the dispatches recorded so far are submitted: the GPU starts on them
 * at once, and every step records its dispatches from the same point, so tfjs recycles the same buffers in the same
 * order each step and the dispatch cache finds every bind group again. Throws a `GpuError` when the GPU reported a
 * failure (out of memory, a refused dispatch) since the last check. Other backends have nothing to do.
 */
export function endOfStep(): void {
  if (tf.getBackend() !== "webgpu") return;
  submitRecordedWork();
  throwIfGpuFailed();
}
