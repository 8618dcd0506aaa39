import * as tf from "@tensorflow/tfjs-core";

/**
 * `Identity` for the `wasm` backend that shares its input's memory (one more reference), as tfjs's `cpu` backend
 * does and tfjs-wasm's `Reshape` already does; tfjs-wasm's own copies it. tfjs calls Identity for every tensor a
 * gradient saves for the backward pass (about 90 per PreResNet-20 step), and tensors are never written after
 * they are made, so the copy buys nothing.
 */
const identity: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  (backend as tf.KernelBackend & { incRef(dataId: tf.DataId): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** The kernel, by name. */
export const sharedIdentityKernels: Readonly<Record<string, tf.KernelFunc>> = { [tf.Identity]: identity };
