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

/**
 * How the last step of a split reduction is laid out: a workgroup of 256 threads takes 16 outputs (columns), and 16
 * threads (rows) share each one's S partial sums, neighbouring threads reading neighbouring addresses; then they add
 * their sums in a tree. One thread per output walking all S rows would wait out S memory latencies in series, which
 * on a GPU costs more than the reduction it finishes.
 */
export const splitSum = { columns: 16, rows: 16, threads: 256 } as const;

/**
 * WGSL that adds, for each column, the values the 16 row threads left in `sums` (an `array<f32, 256>` in workgroup
 * memory, thread t's at index t); afterwards `sums[column]` (row 0's) holds the column's total. `row` is t / 16.
 */
export function columnTreeSum(...sums: string[]): string {
  const adds = sums
    .map((name) => `${name}[t] = ${name}[t] + ${name}[t + half * ${splitSum.columns}];`)
    .join("\n");
  return `
        for (var half = ${splitSum.rows / 2}; half > 0; half = half / 2) {
          workgroupBarrier();
          if (row < half) {
            ${adds}
          }
        }`;
}

/**
 * Sums `partial` [S, ...outputShape] (of rank 4 at most, as tfjs's shape uniforms are) over its first axis into
 * `outputShape`, as `splitSum` lays out: the second half of every split reduction (each workgroup of the first half
 * writes one row of partial sums).
 */
export function sumOverFirstAxisProgram(outputShape: number[]): WebgpuProgram {
  const size = outputShape.reduce((p, d) => p * d, 1);
  const { columns, rows, threads } = splitSum;
  return {
    variableNames: ["partial"],
    outputShape,
    shaderKey: "explrSumOverFirstAxis",
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [workgroupsFor(size, columns), 1, 1],
    workgroupSize: [threads, 1, 1],
    size: true,
    getUserCode: () => `
      var<workgroup> rowSums : array<f32, ${threads}>;

      fn main(flatIndex : i32) {
        let t = i32(localIndex);
        let column = t % ${columns};
        let row = t / ${columns};
        let index = i32(workgroupId.x) * ${columns} + column;
        var sum = 0.0;
        if (index < uniforms.size) {
          for (var s = row; s < uniforms.partialShape[0]; s = s + ${rows}) {
            sum = sum + partial[s * uniforms.size + index];
          }
        }
        rowSums[t] = sum;
        ${columnTreeSum("rowSums")}
        if (row == 0 && index < uniforms.size) {
          result[index] = rowSums[t];
        }
      }
    `,
  };
}
