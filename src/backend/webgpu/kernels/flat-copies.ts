import type * as tf from "@tensorflow/tfjs-core";
import { elementwiseProgram, type WebgpuBackend } from "../program.js";

/**
 * `ExplrFlatten` and `ExplrUnflatten` by buffer copies: a multi-tensor step gathers a group's tensors into one
 * buffer and hands the results back as tensors of their own. tfjs's `concat` and `slice` would be a dispatch per
 * few tensors and per tensor; a copy between buffers is recorded outside any pass and costs the CPU a few
 * microseconds.
 */

/** The parts of tfjs-backend-webgpu 4.22's WebGPUBackend that recording a copy needs. */
interface CopyingBackend extends WebgpuBackend {
  tensorMap: { get(dataId: tf.DataId): { dtype: tf.DataType; resource: unknown } };
  uploadToGPU(dataId: tf.DataId): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  commandEncoder: {
    copyBufferToBuffer(
      source: object,
      sourceOffset: number,
      target: object,
      targetOffset: number,
      size: number,
    ): void;
  };
  /** Data used by recorded work: tfjs defers their release to the next submit. */
  commandQueueOwnedIds: WeakSet<tf.DataId>;
}

const bytesPerFloat = 4;

/**
 * The GPU buffer holding `tensor` as float32, and a tensor to dispose once the copy is recorded when one had to be
 * made: tfjs keeps a float32 tensor cast from int32 in its int32 buffer, whose bits a copy would carry over.
 */
function float32Buffer(
  backend: CopyingBackend,
  tensor: tf.TensorInfo,
): { buffer: object; made?: tf.TensorInfo } {
  backend.uploadToGPU(tensor.dataId);
  if (backend.tensorMap.get(tensor.dataId).dtype === "float32") {
    return { buffer: backend.tensorMap.get(tensor.dataId).resource as object };
  }
  const made = backend.runWebGPUProgram(
    elementwiseProgram("explrToFloat32", ["x"], tensor.shape, "result[index] = f32(x[index]);"),
    [tensor],
    "float32",
  );
  return { buffer: backend.tensorMap.get(made.dataId).resource as object, made };
}

/** A new float32 tensor of `shape` with its buffer allocated (contents unset). */
function allocate(backend: CopyingBackend, shape: number[]): { info: tf.TensorInfo; buffer: object } {
  const info = backend.makeTensorInfo(shape, "float32");
  backend.uploadToGPU(info.dataId);
  return { info, buffer: backend.tensorMap.get(info.dataId).resource as object };
}

/** Records copies after the work recorded so far (a compute pass must end first: passes and copies are ordered). */
function recordCopies(
  backend: CopyingBackend,
  record: (copy: CopyingBackend["commandEncoder"]) => void,
): void {
  backend.ensureCommandEncoderReady();
  backend.endComputePassEncoder();
  record(backend.commandEncoder);
}

export const flattenWebgpu: tf.KernelFunc = ({ inputs, backend: kernelBackend }) => {
  const backend = kernelBackend as CopyingBackend;
  const tensors = Object.values(inputs) as tf.TensorInfo[];
  const sizes = tensors.map((t) => t.shape.reduce((p, d) => p * d, 1));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const sources = tensors.map((t) => float32Buffer(backend, t));
  const target = allocate(backend, [total]);
  recordCopies(backend, (encoder) => {
    let offset = 0;
    sources.forEach(({ buffer }, i) => {
      if (sizes[i] > 0) {
        encoder.copyBufferToBuffer(
          buffer,
          0,
          target.buffer,
          offset * bytesPerFloat,
          sizes[i] * bytesPerFloat,
        );
      }
      offset += sizes[i];
    });
  });
  for (const t of tensors) backend.commandQueueOwnedIds.add(t.dataId);
  backend.commandQueueOwnedIds.add(target.info.dataId);
  for (const { made } of sources) {
    if (made !== undefined) {
      backend.commandQueueOwnedIds.add(made.dataId);
      backend.disposeData(made.dataId);
    }
  }
  return target.info;
};

export const unflattenWebgpu: tf.KernelFunc = ({ inputs, backend: kernelBackend, attrs }) => {
  const backend = kernelBackend as CopyingBackend;
  const { flat } = inputs as { flat: tf.TensorInfo };
  const { shapes } = attrs as unknown as { shapes: number[][] };
  const source = float32Buffer(backend, flat);
  const targets = shapes.map((shape) => allocate(backend, [...shape]));
  recordCopies(backend, (encoder) => {
    let offset = 0;
    targets.forEach(({ info, buffer }) => {
      const size = info.shape.reduce((p, d) => p * d, 1);
      if (size > 0) {
        encoder.copyBufferToBuffer(source.buffer, offset * bytesPerFloat, buffer, 0, size * bytesPerFloat);
      }
      offset += size;
    });
  });
  backend.commandQueueOwnedIds.add(flat.dataId);
  for (const { info } of targets) backend.commandQueueOwnedIds.add(info.dataId);
  if (source.made !== undefined) {
    backend.commandQueueOwnedIds.add(source.made.dataId);
    backend.disposeData(source.made.dataId);
  }
  return targets.map(({ info }) => info);
};
