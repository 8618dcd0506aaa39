import * as tf from "@tensorflow/tfjs-core";

/** The attributes of tfjs's Conv2D kernels that fix a convolution's geometry. */
export type Conv2DAttrs = {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: "floor" | "round" | "ceil";
  dataFormat?: "NHWC" | "NCHW";
};

/**
 * The geometry of a channels-last 2-D convolution, as every explr convolution kernel (wasm, native, webgpu) reads
 * it; the gradients of a dilated convolution never reach those kernels (tfjs forbids them).
 */
export function convInfo(
  xShape: number[],
  filterShape: number[],
  attrs: Conv2DAttrs,
): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat === "NCHW") {
    throw new RangeError(
      "explr's conv gradient kernels support dataFormat 'NHWC' only; got 'NCHW'. Use channels-last.",
    );
  }
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}
