import * as tf from "@tensorflow/tfjs-core";
import { type Conv2DAttrs, convInfo } from "../../conv-geometry.js";
import { replacedKernel } from "../../kernel-registry.js";
import {
  sumOverFirstAxisProgram,
  type WebgpuBackend,
  type WebgpuProgram,
  workgroupsFor,
} from "../program.js";

/**
 * The filter gradient of a 2-D convolution (NHWC x [N,H,W,C], dy [N,OH,OW,CO], filter [kh,kw,C,CO]) as a matrix
 * product with a split reduction:
 *
 *   dW[m, o] = Σ_k A[k, m] · dy[k, o],   A[k, m] = xpad[n, s_h·i + a, s_w·j + b, c]
 *
 * with k = (n, i, j) over batch × output space (K = N·OH·OW) and m = (a, b, c) over the filter's taps and input
 * channels (M = kh·kw·C). K is large and M × CO small (a 3×3×16×16 filter at batch 128 is K = 131,072 against 2,304
 * outputs), so the K axis is cut into chunks: each workgroup multiplies a tile of (m, o) over one chunk,
 * reading A straight from x (an implicit im2col) and dy through workgroup memory, and writes a partial sum; a second
 * dispatch adds the partial sums. tfjs's own kernel runs one thread per filter element, each looping over all of K.
 */

/** A workgroup's tile of (m, o) outputs; 64 threads compute 4 × 4 of it each. */
export interface FilterGradientTile {
  m: number;
  o: number;
}
/** 32 × 32, or 64 × 16 for filters of at most 16 output channels, whose half of a 32-wide tile would be zeros. */
export function filterGradientTile(outChannels: number): FilterGradientTile {
  return outChannels <= 16 ? { m: 64, o: 16 } : { m: 32, o: 32 };
}
const threads = 64;
const tileK = 16;
/** Enough workgroups to fill a large GPU several times over; the chunks never get shorter than `minChunk`. */
const targetWorkgroups = 1024;
const minChunk = 256;

/** Partial sums [splits, M, CO] over chunks of K. */
function partialProgram(m: number, co: number, splits: number, tile: FilterGradientTile): WebgpuProgram {
  // Loading: thread t fills column t % width of a tile, rows t / width, then every 64 / width rows after it.
  const stepA = threads / tile.m;
  const stepB = threads / tile.o;
  // Computing: thread t takes rows tx + (tile.m / 4)·i and columns ty + (tile.o / 4)·j, i, j < 4.
  const strideM = tile.m / 4;
  const strideO = tile.o / 4;
  return {
    variableNames: ["x", "dy"],
    outputShape: [splits, m, co],
    shaderKey: `explrConvFilterGradPartial_${tile.m}x${tile.o}`,
    dispatchLayout: { x: [1], y: [2], z: [0] },
    dispatch: [workgroupsFor(m, tile.m), workgroupsFor(co, tile.o), splits],
    workgroupSize: [threads, 1, 1],
    size: false,
    uniforms: "pads : vec2<i32>, strides : vec2<i32>, kernelWidth : i32, chunk : i32,",
    getUserCode: () => `
      var<workgroup> tileA : array<array<f32, ${tile.m}>, ${tileK}>;
      var<workgroup> tileB : array<array<f32, ${tile.o}>, ${tileK}>;

      fn main() {
        let t = i32(localIndex);
        let channels = uniforms.xShape[3];
        let outChannels = uniforms.dyShape[3];
        let outRows = uniforms.dyShape[1];
        let outCols = uniforms.dyShape[2];
        let positions = uniforms.dyShape[0] * outRows * outCols;
        let rowsM = uniforms.outShape[1];
        let mStart = i32(workgroupId.x) * ${tile.m};
        let oStart = i32(workgroupId.y) * ${tile.o};
        let kStart = i32(workgroupId.z) * uniforms.chunk;
        let kEnd = min(kStart + uniforms.chunk, positions);

        // The column of A this thread loads is one filter tap (a, b) and input channel c, fixed for the whole
        // reduction; its rows k run kStart + rowA, then on by ${stepA} (tiles of ${tileK} in a row), so their
        // (n, i, j) = (k / plane, k % plane / outCols, k % outCols) is found once here and then advanced.
        let columnA = t % ${tile.m};
        let rowA = t / ${tile.m};
        let mLoad = mStart + columnA;
        let c = mLoad % channels;
        let tap = mLoad / channels;
        let a = tap / uniforms.kernelWidth - uniforms.pads.x;
        let b = tap % uniforms.kernelWidth - uniforms.pads.y;
        let plane = outRows * outCols;
        var n = (kStart + rowA) / plane;
        var i = (kStart + rowA) % plane / outCols;
        var j = (kStart + rowA) % outCols;
        let columnB = t % ${tile.o};
        let rowB = t / ${tile.o};
        let oLoad = oStart + columnB;

        let tx = t % ${strideM};
        let ty = t / ${strideM};
        var acc : array<array<f32, 4>, 4>;

        // The trip count must be uniform for the barriers: the last chunk loads zeros past kEnd.
        for (var step = 0; step < uniforms.chunk; step = step + ${tileK}) {
          let k0 = kStart + step;
          for (var row = rowA; row < ${tileK}; row = row + ${stepA}) {
            var av = 0.0;
            if (k0 + row < kEnd) {
              let xr = i * uniforms.strides.x + a;
              let xc = j * uniforms.strides.y + b;
              if (mLoad < rowsM && xr >= 0 && xr < uniforms.xShape[1] && xc >= 0 && xc < uniforms.xShape[2]) {
                av = x[((n * uniforms.xShape[1] + xr) * uniforms.xShape[2] + xc) * channels + c];
              }
            }
            tileA[row][columnA] = av;
            j = j + ${stepA};
            while (j >= outCols) {
              j = j - outCols;
              i = i + 1;
            }
            while (i >= outRows) {
              i = i - outRows;
              n = n + 1;
            }
          }
          for (var row = rowB; row < ${tileK}; row = row + ${stepB}) {
            let k = k0 + row;
            var bv = 0.0;
            if (k < kEnd && oLoad < outChannels) {
              bv = dy[k * outChannels + oLoad];
            }
            tileB[row][columnB] = bv;
          }
          workgroupBarrier();
          for (var kk = 0; kk < ${tileK}; kk = kk + 1) {
            var av : array<f32, 4>;
            var bv : array<f32, 4>;
            for (var u = 0; u < 4; u = u + 1) {
              av[u] = tileA[kk][tx + ${strideM} * u];
              bv[u] = tileB[kk][ty + ${strideO} * u];
            }
            for (var u = 0; u < 4; u = u + 1) {
              for (var v = 0; v < 4; v = v + 1) {
                acc[u][v] = fma(av[u], bv[v], acc[u][v]);
              }
            }
          }
          workgroupBarrier();
        }

        let base = i32(workgroupId.z) * rowsM * outChannels;
        for (var u = 0; u < 4; u = u + 1) {
          let m = mStart + tx + ${strideM} * u;
          for (var v = 0; v < 4; v = v + 1) {
            let o = oStart + ty + ${strideO} * v;
            if (m < rowsM && o < outChannels) {
              result[base + m * outChannels + o] = acc[u][v];
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

/** `Conv2DBackpropFilter` for tfjs's `webgpu` backend (channels-first convolutions keep tfjs's). */
export const conv2dFilterGradientWebgpu: tf.KernelFunc = (args) => {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = args.attrs as unknown as Conv2DAttrs & { filterShape: [number, number, number, number] };
  if (a.dataFormat === "NCHW")
    return replacedKernel("webgpu", tf.Conv2DBackpropFilter, conv2dFilterGradientWebgpu)(args);
  const info = convInfo(x.shape, a.filterShape, a);
  const gpu = args.backend as WebgpuBackend;
  const [kh, kw, c, co] = a.filterShape;
  const m = kh * kw * c;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const tile = filterGradientTile(co);
  const { splits, chunk } = filterGradientSplit(
    positions,
    workgroupsFor(m, tile.m) * workgroupsFor(co, tile.o),
  );
  const partial = gpu.runWebGPUProgram(partialProgram(m, co, splits, tile), [x, dy], "float32", [
    { type: "int32", data: [info.padInfo.top, info.padInfo.left] },
    { type: "int32", data: [info.strideHeight, info.strideWidth] },
    { type: "int32", data: [kw] },
    { type: "int32", data: [chunk] },
  ]);
  const dw = gpu.runWebGPUProgram(sumOverFirstAxisProgram([kh, kw, c, co]), [partial], "float32");
  gpu.disposeData(partial.dataId);
  return dw;
};
