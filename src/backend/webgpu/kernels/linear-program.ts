import type * as tf from "@tensorflow/tfjs-core";
import type { LinearProgram } from "../../fused-ops.js";
import { type ProgramUniform, type WebgpuBackend, type WebgpuProgram, workgroupsFor } from "../program.js";

/**
 * `ExplrLinearProgram`: inputs 1-D of one length n, attrs { program } → [outputs, n], one thread per element running
 * the program's steps in registers. The shader depends on the program's shape only; its coefficients are uniforms,
 * so a schedule that changes the LR every step reuses one pipeline.
 */
export const linearProgramWebgpu: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const tensors = Object.values(inputs) as tf.TensorInfo[];
  const { program } = attrs as unknown as { program: LinearProgram };
  const n = tensors[0].shape[0];
  const uniforms: ProgramUniform[] = [
    { type: "int32", data: [n] },
    ...program.steps.flatMap(({ a, b }): ProgramUniform[] => [
      { type: "float32", data: [a] },
      { type: "float32", data: [b] },
    ]),
  ];
  return (backend as WebgpuBackend).runWebGPUProgram(linearShader(program, n), tensors, "float32", uniforms);
};

/** The register that `register` names in WGSL. */
const r = (register: number) => `r${register}`;

function linearShader(program: LinearProgram, n: number): WebgpuProgram {
  const { inputCount, steps, outputs } = program;
  const variableNames = Array.from({ length: inputCount }, (_, i) => `x${i}`);
  const body = [
    ...variableNames.map((name, i) => `let ${r(i)} = f32(${name}[index]);`),
    ...steps.map(
      ({ x, y }, s) => `let ${r(inputCount + s)} = uniforms.a${s} * ${r(x)} + uniforms.b${s} * ${r(y)};`,
    ),
    ...outputs.map((register, o) => `result[${o} * uniforms.n + index] = ${r(register)};`),
  ];
  const shape = `${inputCount}:${steps.map(({ x, y }) => `${x},${y}`).join(";")}:${outputs.join(",")}`;
  return {
    variableNames,
    outputShape: [outputs.length, n],
    shaderKey: `explrLinearProgram_${shape}`,
    dispatchLayout: { x: [0, 1] },
    dispatch: [workgroupsFor(n, 256), 1, 1],
    workgroupSize: [256, 1, 1],
    size: false,
    uniforms: `n : i32, ${steps.map((_, s) => `a${s} : f32, b${s} : f32,`).join(" ")}`,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.n) {
          ${body.join("\n          ")}
        }
      }
    `,
  };
}
