import * as tf from "@tensorflow/tfjs-core";
import { type Conv2DAttrs, convInfo } from "../../conv-geometry.js";
import { replacedKernel } from "../../kernel-registry.js";
import { elementwiseProgram, type WebgpuBackend } from "../program.js";

/**
 * `Conv2DBackpropInput` for tfjs's `webgpu` backend. For stride 1, dx is a forward convolution of dy with the filter
 * flipped in space and its channels swapped, W̃[i, j, o, c] = W[kh−1−i, kw−1−j, c, o], padded by k − 1 − p on each
 * side, which tfjs's tiled Conv2D runs: on an H200 that kernel took 57 µs per call where tfjs's direct input
 * gradient (one thread per two outputs, no tiling) took 105 (bench/NOTES.md). Strided and channels-first
 * convolutions keep tfjs's.
 */
export const conv2dInputGradientWebgpu: tf.KernelFunc = (args) => {
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as Conv2DAttrs & { inputShape: [number, number, number, number] };
  if (attrs.dataFormat === "NCHW")
    return replacedKernel("webgpu", tf.Conv2DBackpropInput, conv2dInputGradientWebgpu)(args);
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  const { filterHeight: kh, filterWidth: kw, padInfo } = info;
  const pads = [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom, kw - 1 - padInfo.left, kw - 1 - padInfo.right];
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || pads.some((p) => p < 0)) {
    return replacedKernel("webgpu", tf.Conv2DBackpropInput, conv2dInputGradientWebgpu)(args);
  }
  const gpu = args.backend as WebgpuBackend;
  const [, , c, co] = filter.shape;
  const flipped = gpu.runWebGPUProgram(
    elementwiseProgram(
      "explrFlipFilter",
      ["w"], // not "filter": a reserved word in WGSL
      [kh, kw, co, c],
      `let kh = uniforms.wShape[0];
          let kw = uniforms.wShape[1];
          let c = uniforms.wShape[2];
          let co = uniforms.wShape[3];
          let ci = index % c;
          let o = (index / c) % co;
          let j = (index / (c * co)) % kw;
          let i = index / (c * co * kw);
          result[index] = w[(((kh - 1 - i) * kw + (kw - 1 - j)) * c + ci) * co + o];`,
    ),
    [filter],
    "float32",
  );
  const conv2d = tf.getKernel(tf.Conv2D, "webgpu");
  if (conv2d === undefined) throw new Error("tfjs's webgpu backend has no Conv2D kernel registered.");
  const dx = conv2d.kernelFunc({
    inputs: { x: dy, filter: flipped },
    backend: gpu,
    attrs: {
      strides: [1, 1],
      pad: [
        [0, 0],
        [pads[0], pads[1]],
        [pads[2], pads[3]],
        [0, 0],
      ],
      dataFormat: "NHWC",
      dilations: [1, 1],
    },
  }) as tf.TensorInfo;
  gpu.disposeData(flipped.dataId);
  return dx;
};
