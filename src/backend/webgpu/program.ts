import type * as tf from "@tensorflow/tfjs-core";

/**
 * The shape of a program that tfjs's `webgpu` backend compiles and dispatches (`runWebGPUProgram`): tfjs writes the
 * header (bindings `result` and one array per `variableNames` entry, a `uniforms` struct with every input's and the
 * output's shape, then `uniforms` of the program's own), the program writes `fn main()`. tfjs-backend-webgpu exports
 * no type for it, so this is the part explr's programs fill in.
 */
export interface WebgpuProgram {
  /** Names of the input arrays in WGSL, in input order. Every one must be read: Dawn drops unused bindings. */
  variableNames: string[];
  outputShape: number[];
  /** What tfjs caches the compiled pipeline under, with the input ranks and dtypes appended. */
  shaderKey: string;
  /** Which output axes map to the dispatch's x, y and z; a single `x` list means `main(index)` is flat. */
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  /** Workgroups along x, y, z. */
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Declares `uniforms.size` (the output's element count) when true. */
  size: boolean;
  /** The program's own uniform fields, WGSL struct syntax, each followed by a comma. */
  uniforms?: string;
  getUserCode(): string;
}

/** One uniform value, in the order of the program's `uniforms` fields. */
export interface ProgramUniform {
  type: "int32" | "float32" | "uint32";
  data: number[];
}

/** The public part of tfjs's WebGPUBackend that explr's kernels use. */
export interface WebgpuBackend extends tf.KernelBackend {
  runWebGPUProgram(
    program: WebgpuProgram,
    inputs: tf.TensorInfo[],
    outputDtype: tf.DataType,
    uniforms?: ProgramUniform[],
  ): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** Workgroups needed to cover `count` items with `perWorkgroup` each. */
export function workgroupsFor(count: number, perWorkgroup: number): number {
  return Math.ceil(count / perWorkgroup);
}

/**
 * A program with one thread per output element: `body` is WGSL run for each `index` below `uniforms.size`.
 * `uniforms` declares the program's own fields, as `WebgpuProgram.uniforms`.
 */
export function elementwiseProgram(
  shaderKey: string,
  variableNames: string[],
  outputShape: number[],
  body: string,
  uniforms?: string,
): WebgpuProgram {
  const size = outputShape.reduce((p, d) => p * d, 1);
  return {
    variableNames,
    outputShape,
    shaderKey,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [workgroupsFor(size, 256), 1, 1],
    workgroupSize: [256, 1, 1],
    size: true,
    uniforms,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }
    `,
  };
}

/** Outputs per workgroup of `sumOverFirstAxisProgram`, and threads per output, which sum its rows between them. */
const sumColumns = 16;
const sumRows = 16;

/**
 * Sums `partial` [S, ...outputShape] (of rank 4 at most, as tfjs's shape uniforms are) over its first axis into
 * `outputShape`: the second half of every split reduction (each workgroup of the first half writes one row of
 * partial sums). A workgroup takes 16 outputs, and 16 threads share each one's S rows (neighbouring threads read
 * neighbouring addresses), then add their sums in a tree: one thread per output walking all S rows waits out S memory
 * latencies in series, which on a GPU costs more than the reduction it finishes.
 */
export function sumOverFirstAxisProgram(outputShape: number[]): WebgpuProgram {
  const size = outputShape.reduce((p, d) => p * d, 1);
  return {
    variableNames: ["partial"],
    outputShape,
    shaderKey: "explrSumOverFirstAxis",
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [workgroupsFor(size, sumColumns), 1, 1],
    workgroupSize: [sumColumns * sumRows, 1, 1],
    size: true,
    getUserCode: () => `
      var<workgroup> rowSums : array<f32, ${sumColumns * sumRows}>;

      fn main(flatIndex : i32) {
        let t = i32(localIndex);
        let column = t % ${sumColumns};
        let row = t / ${sumColumns};
        let index = i32(workgroupId.x) * ${sumColumns} + column;
        var sum = 0.0;
        if (index < uniforms.size) {
          for (var s = row; s < uniforms.partialShape[0]; s = s + ${sumRows}) {
            sum = sum + partial[s * uniforms.size + index];
          }
        }
        rowSums[t] = sum;
        for (var half = ${sumRows / 2}; half > 0; half = half / 2) {
          workgroupBarrier();
          if (row < half) {
            rowSums[t] = rowSums[t] + rowSums[t + half * ${sumColumns}];
          }
        }
        if (row == 0 && index < uniforms.size) {
          result[index] = rowSums[t];
        }
      }
    `,
  };
}
