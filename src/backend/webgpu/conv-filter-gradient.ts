import type * as tf from "@tensorflow/tfjs-core";
import { type Conv2DAttrs, convInfo } from "../conv-kernels.js";
import { sumOverFirstAxisProgram, type WebgpuBackend, type WebgpuProgram, workgroupsFor } from "./program.js";

/**
 * The filter gradient of a 2-D convolution (NHWC x [N,H,W,C], dy [N,OH,OW,CO], filter [kh,kw,C,CO]) as a matrix
 * product with a split reduction:
 *
 *   dW[m, o] = Σ_k A[k, m] · dy[k, o],   A[k, m] = xpad[n, s_h·i + a, s_w·j + b, c]
 *
 * with k = (n, i, j) over batch × output space (K = N·OH·OW) and m = (a, b, c) over the filter's taps and input
 * channels (M = kh·kw·C). K is large and M × CO small (a 3×3×16×16 filter at batch 128 is K = 131,072 against 2,304
 * outputs), so the K axis is cut into chunks: each workgroup multiplies a 32 × 32 tile of (m, o) over one chunk,
 * reading A straight from x (an implicit im2col) and dy through workgroup memory, and writes a partial sum; a second
 * dispatch adds the partial sums. tfjs's own kernel runs one thread per filter element, each looping over all of K.
 */

const tileM = 32;
const tileN = 32;
const tileK = 16;
/** Enough workgroups to fill a large GPU several times over; the chunks never get shorter than `minChunk`. */
const targetWorkgroups = 1024;
const minChunk = 256;

/** Partial sums [splits, M, CO] over chunks of K. */
function partialProgram(m: number, co: number, splits: number): WebgpuProgram {
  return {
    variableNames: ["x", "dy"],
    outputShape: [splits, m, co],
    shaderKey: "explrConvFilterGradPartial",
    dispatchLayout: { x: [1], y: [2], z: [0] },
    dispatch: [workgroupsFor(m, tileM), workgroupsFor(co, tileN), splits],
    workgroupSize: [64, 1, 1],
    size: false,
    uniforms: "pads : vec2<i32>, strides : vec2<i32>, kernelWidth : i32, chunk : i32,",
    getUserCode: () => `
      var<workgroup> tileA : array<array<f32, ${tileM}>, ${tileK}>;
      var<workgroup> tileB : array<array<f32, ${tileN}>, ${tileK}>;

      fn main() {
        let t = i32(localIndex);
        let channels = uniforms.xShape[3];
        let outChannels = uniforms.dyShape[3];
        let outRows = uniforms.dyShape[1];
        let outCols = uniforms.dyShape[2];
        let positions = uniforms.dyShape[0] * outRows * outCols;
        let rowsM = uniforms.outShape[1];
        let mStart = i32(workgroupId.x) * ${tileM};
        let oStart = i32(workgroupId.y) * ${tileN};
        let kStart = i32(workgroupId.z) * uniforms.chunk;
        let kEnd = min(kStart + uniforms.chunk, positions);

        // What this thread loads: column t % 32 of each tile, rows t / 32 + 2q. Its column of A is one filter tap
        // (a, b) and input channel c, fixed for the whole reduction.
        let loadColumn = t % 32;
        let loadRow = t / 32;
        let mLoad = mStart + loadColumn;
        let c = mLoad % channels;
        let tap = mLoad / channels;
        let a = tap / uniforms.kernelWidth - uniforms.pads.x;
        let b = tap % uniforms.kernelWidth - uniforms.pads.y;
        let oLoad = oStart + loadColumn;

        // What this thread computes: rows tx + 8i of the m tile, columns ty + 8j of the o tile.
        let tx = t % 8;
        let ty = t / 8;
        var acc : array<array<f32, 4>, 4>;

        // The trip count must be uniform for the barriers: the last chunk loads zeros past kEnd.
        for (var step = 0; step < uniforms.chunk; step = step + ${tileK}) {
          let k0 = kStart + step;
          for (var q = 0; q < ${tileK / 2}; q = q + 1) {
            let row = loadRow + 2 * q;
            let k = k0 + row;
            var av = 0.0;
            var bv = 0.0;
            if (k < kEnd) {
              let n = k / (outRows * outCols);
              let ij = k % (outRows * outCols);
              let xr = (ij / outCols) * uniforms.strides.x + a;
              let xc = (ij % outCols) * uniforms.strides.y + b;
              if (mLoad < rowsM && xr >= 0 && xr < uniforms.xShape[1] && xc >= 0 && xc < uniforms.xShape[2]) {
                av = x[((n * uniforms.xShape[1] + xr) * uniforms.xShape[2] + xc) * channels + c];
              }
              if (oLoad < outChannels) {
                bv = dy[k * outChannels + oLoad];
              }
            }
            tileA[row][loadColumn] = av;
            tileB[row][loadColumn] = bv;
          }
          workgroupBarrier();
          for (var kk = 0; kk < ${tileK}; kk = kk + 1) {
            var av : array<f32, 4>;
            var bv : array<f32, 4>;
            for (var i = 0; i < 4; i = i + 1) {
              av[i] = tileA[kk][tx + 8 * i];
              bv[i] = tileB[kk][ty + 8 * i];
            }
            for (var i = 0; i < 4; i = i + 1) {
              for (var j = 0; j < 4; j = j + 1) {
                acc[i][j] = fma(av[i], bv[j], acc[i][j]);
              }
            }
          }
          workgroupBarrier();
        }

        let base = i32(workgroupId.z) * rowsM * outChannels;
        for (var i = 0; i < 4; i = i + 1) {
          let m = mStart + tx + 8 * i;
          for (var j = 0; j < 4; j = j + 1) {
            let o = oStart + ty + 8 * j;
            if (m < rowsM && o < outChannels) {
              result[base + m * outChannels + o] = acc[i][j];
            }
          }
        }
      }
    `,
  };
}

/** How many chunks K is cut into, and how long each is (a multiple of the K tile). */
export function filterGradientSplit(positions: number, tiles: number): { splits: number; chunk: number } {
  const wanted = Math.max(1, Math.floor(targetWorkgroups / tiles));
  const chunk = Math.max(minChunk, Math.ceil(positions / wanted / tileK) * tileK);
  return { splits: Math.ceil(positions / chunk), chunk };
}

/** `Conv2DBackpropFilter` for tfjs's `webgpu` backend. */
export const conv2dFilterGradientWebgpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as Conv2DAttrs & { filterShape: [number, number, number, number] };
  const info = convInfo(x.shape, a.filterShape, a);
  const gpu = backend as WebgpuBackend;
  const [kh, kw, c, co] = a.filterShape;
  const m = kh * kw * c;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const { splits, chunk } = filterGradientSplit(
    positions,
    workgroupsFor(m, tileM) * workgroupsFor(co, tileN),
  );
  const partial = gpu.runWebGPUProgram(partialProgram(m, co, splits), [x, dy], "float32", [
    { type: "int32", data: [info.padInfo.top, info.padInfo.left] },
    { type: "int32", data: [info.strideHeight, info.strideWidth] },
    { type: "int32", data: [kw] },
    { type: "int32", data: [chunk] },
  ]);
  const dw = gpu.runWebGPUProgram(sumOverFirstAxisProgram([kh, kw, c, co]), [partial], "float32");
  gpu.disposeData(partial.dataId);
  return dw;
};
