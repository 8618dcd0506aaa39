import type * as tf from "@tensorflow/tfjs-core";
import {
  columnTreeSum,
  elementwiseProgram,
  splitSum,
  sumOverFirstAxisProgram,
  type WebgpuBackend,
  type WebgpuProgram,
  workgroupsFor,
} from "../program.js";

/**
 * BatchNorm in training mode, optionally followed by ReLU, as three dispatches forward and three backward (tfjs's
 * small ops take about twenty each way). x is NHWC viewed as [P, C] with P = N·H·W positions.
 *
 * Forward: per-channel sums over chunks of positions, shifted by the channel's first value K_c so that the variance
 * does not cancel (S = Σ(x − K), Q = Σ(x − K)²); then μ = K + S/P, σ² = Q/P − (S/P)², r = 1/√max(σ² + ε, floor)
 * into `stats` [3, C] = (μ, r, σ²·P/(P − 1)); then y = x̂ = (x − μ)·r, or max(x̂, 0) with ReLU.
 * Backward, with g = dy (times [x̂ > 0] with ReLU): per-channel Σg and Σg·x̂ over chunks, summed, then
 * dx = r·(g − Σg/P − x̂·Σg·x̂/P). x̂ is recomputed from x, so the forward keeps no normalized copy.
 */

const threads = 256;
/** Enough workgroups to keep a large GPU busy; a chunk is never shorter than `minChunk` positions. */
const targetWorkgroups = 512;
const minChunk = 256;

export interface BatchNormAttrs {
  epsilon: number;
  minVariance: number;
  relu: boolean;
}

/** How many chunks the P positions are cut into, and how many positions each has. */
export function positionChunks(positions: number, channelBlocks: number): { chunks: number; chunk: number } {
  const wanted = Math.max(1, Math.floor(targetWorkgroups / channelBlocks));
  const chunk = Math.max(minChunk, Math.ceil(positions / wanted));
  return { chunks: Math.ceil(positions / chunk), chunk };
}

/**
 * A per-channel reduction over chunks of positions: output [chunks, 2, C]. `terms` is WGSL that, given `p` (the
 * position), `c` and `index` (= p·C + c), sets `first` and `second`, the two values summed.
 */
function reductionProgram(
  key: string,
  variableNames: string[],
  channels: number,
  chunks: number,
  terms: string,
): WebgpuProgram {
  return {
    variableNames,
    outputShape: [chunks, 2, channels],
    shaderKey: key,
    dispatchLayout: { x: [0], y: [2] },
    dispatch: [chunks, workgroupsFor(channels, threads), 1],
    workgroupSize: [threads, 1, 1],
    size: false,
    uniforms: "chunk : i32, epsilon : f32, minVariance : f32,",
    getUserCode: () => `
      var<workgroup> firstSums : array<f32, ${threads}>;
      var<workgroup> secondSums : array<f32, ${threads}>;

      fn main() {
        let t = i32(localIndex);
        let channels = uniforms.outShape[2];
        let positions = uniforms.xShape[0] * uniforms.xShape[1] * uniforms.xShape[2];
        // A block of up to ${threads} channels; the threads cover it in rows of 'width' channels.
        let width = min(channels, ${threads});
        let rows = ${threads} / width;
        let c = i32(workgroupId.y) * ${threads} + t % width;
        let row = t / width;
        let start = i32(workgroupId.x) * uniforms.chunk;
        let end = min(start + uniforms.chunk, positions);
        var firstSum = 0.0;
        var secondSum = 0.0;
        if (row < rows && c < channels) {
          for (var p = start + row; p < end; p = p + rows) {
            let index = p * channels + c;
            var first = 0.0;
            var second = 0.0;
            ${terms}
            firstSum = firstSum + first;
            secondSum = secondSum + second;
          }
        }
        firstSums[t] = firstSum;
        secondSums[t] = secondSum;
        workgroupBarrier();
        if (row == 0 && c < channels) {
          var a = 0.0;
          var b = 0.0;
          for (var r = 0; r < rows; r = r + 1) {
            a = a + firstSums[r * width + t];
            b = b + secondSums[r * width + t];
          }
          let base = i32(workgroupId.x) * 2 * channels;
          result[base + c] = a;
          result[base + channels + c] = b;
        }
      }
    `,
  };
}

/**
 * `stats` [3, C] = (μ, r, unbiased σ²) from the forward's partial sums [chunks, 2, C]: each channel's two sums are
 * finished as `splitSum` lays out (one column per channel), and the statistics computed where they meet.
 */
function statisticsProgram(channels: number): WebgpuProgram {
  const { columns, rows, threads } = splitSum;
  return {
    variableNames: ["partial", "x"],
    outputShape: [3, channels],
    shaderKey: "explrBatchNormStatistics",
    dispatchLayout: { x: [1] },
    dispatch: [workgroupsFor(channels, columns), 1, 1],
    workgroupSize: [threads, 1, 1],
    size: false,
    uniforms: "epsilon : f32, minVariance : f32,",
    getUserCode: () => `
      var<workgroup> firstSums : array<f32, ${threads}>;
      var<workgroup> secondSums : array<f32, ${threads}>;

      fn main(flatIndex : i32) {
        let t = i32(localIndex);
        let column = t % ${columns};
        let row = t / ${columns};
        let channels = uniforms.outShape[1];
        let c = i32(workgroupId.x) * ${columns} + column;
        var first = 0.0;
        var second = 0.0;
        if (c < channels) {
          for (var s = row; s < uniforms.partialShape[0]; s = s + ${rows}) {
            first = first + partial[2 * s * channels + c];
            second = second + partial[(2 * s + 1) * channels + c];
          }
        }
        firstSums[t] = first;
        secondSums[t] = second;
        ${columnTreeSum("firstSums", "secondSums")}
        if (row == 0 && c < channels) {
          let positions = f32(uniforms.xShape[0] * uniforms.xShape[1] * uniforms.xShape[2]);
          let shifted = firstSums[t] / positions;
          let variance = max(secondSums[t] / positions - shifted * shifted, 0.0);
          result[c] = x[c] + shifted;
          result[channels + c] = inverseSqrt(max(variance + uniforms.epsilon, uniforms.minVariance));
          result[2 * channels + c] = select(variance, variance * positions / (positions - 1.0), positions > 1.0);
        }
      }
    `,
  };
}

/** The elementwise part of one direction: `body` runs with `channels`, `c` and `xHat` of element `index`. */
function normalizedElementwise(
  key: string,
  variableNames: string[],
  shape: number[],
  body: string,
): WebgpuProgram {
  return elementwiseProgram(
    key,
    variableNames,
    shape,
    `let channels = uniforms.statsShape[1];
          let c = index % channels;
          let xHat = (x[index] - stats[c]) * stats[channels + c];
          ${body}`,
  );
}

function geometry(x: tf.TensorInfo): { positions: number; channels: number } {
  if (x.shape.length !== 4) throw new RangeError(`BatchNorm kernels take NHWC x; got shape [${x.shape}].`);
  const channels = x.shape[3];
  return { positions: x.shape[0] * x.shape[1] * x.shape[2], channels };
}

/** `ExplrBatchNormForward`: inputs { x } → [y, stats]. */
export const batchNormForwardWebgpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const { epsilon, minVariance, relu } = attrs as unknown as BatchNormAttrs;
  const gpu = backend as WebgpuBackend;
  const { positions, channels } = geometry(x);
  const { chunks, chunk } = positionChunks(positions, workgroupsFor(channels, threads));
  const uniforms = [
    { type: "int32" as const, data: [chunk] },
    { type: "float32" as const, data: [epsilon] },
    { type: "float32" as const, data: [minVariance] },
  ];
  const partial = gpu.runWebGPUProgram(
    reductionProgram(
      "explrBatchNormForwardSums",
      ["x"],
      channels,
      chunks,
      `let shifted = x[index] - x[c]; first = shifted; second = shifted * shifted;`,
    ),
    [x],
    "float32",
    uniforms,
  );
  const stats = gpu.runWebGPUProgram(statisticsProgram(channels), [partial, x], "float32", uniforms.slice(1));
  gpu.disposeData(partial.dataId);
  const y = gpu.runWebGPUProgram(
    normalizedElementwise(
      `explrBatchNormApply_${relu}`,
      ["x", "stats"],
      x.shape,
      `result[index] = ${relu ? "max(xHat, 0.0)" : "xHat"};`,
    ),
    [x, stats],
    "float32",
  );
  return [y, stats];
};

/** `ExplrBatchNormBackward`: inputs { x, dy, stats } → dx. */
export const batchNormBackwardWebgpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy, stats } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo; stats: tf.TensorInfo };
  const { relu } = attrs as unknown as BatchNormAttrs;
  const gpu = backend as WebgpuBackend;
  const { positions, channels } = geometry(x);
  const { chunks, chunk } = positionChunks(positions, workgroupsFor(channels, threads));
  const gradient = relu ? "select(0.0, dy[index], xHat > 0.0)" : "dy[index]";
  const partial = gpu.runWebGPUProgram(
    reductionProgram(
      `explrBatchNormBackwardSums_${relu}`,
      ["x", "dy", "stats"],
      channels,
      chunks,
      `let xHat = (x[index] - stats[c]) * stats[channels + c];
            let g = ${gradient};
            first = g;
            second = g * xHat;`,
    ),
    [x, dy, stats],
    "float32",
    [
      { type: "int32", data: [chunk] },
      { type: "float32", data: [0] },
      { type: "float32", data: [0] },
    ],
  );
  const sums = gpu.runWebGPUProgram(sumOverFirstAxisProgram([2, channels]), [partial], "float32");
  gpu.disposeData(partial.dataId);
  const dx = gpu.runWebGPUProgram(
    normalizedElementwise(
      `explrBatchNormBackwardApply_${relu}`,
      ["x", "dy", "stats", "sums"],
      x.shape,
      `let positions = f32(uniforms.size / channels);
          let g = ${gradient};
          result[index] = stats[channels + c] * (g - sums[c] / positions - xHat * sums[channels + c] / positions);`,
    ),
    [x, dy, stats, sums],
    "float32",
  );
  gpu.disposeData(sums.dataId);
  return dx;
};

/** `ExplrRunningAverage`: inputs { running [C], stats [3, C] }, attrs { row, momentum } → (1 − m)·running + m·stats[row]. */
export const runningAverageWebgpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { running, stats } = inputs as { running: tf.TensorInfo; stats: tf.TensorInfo };
  const { row, momentum } = attrs as unknown as { row: number; momentum: number };
  const gpu = backend as WebgpuBackend;
  const program = elementwiseProgram(
    "explrRunningAverage",
    ["running", "stats"],
    running.shape,
    `let value = stats[uniforms.row * uniforms.size + index];
          result[index] = (1.0 - uniforms.momentum) * running[index] + uniforms.momentum * value;`,
    "row : i32, momentum : f32,",
  );
  return gpu.runWebGPUProgram(program, [running, stats], "float32", [
    { type: "int32", data: [row] },
    { type: "float32", data: [momentum] },
  ]);
};
