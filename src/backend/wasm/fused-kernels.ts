import type * as tf from "@tensorflow/tfjs-core";
import { fusedKernelNames, type LinearProgram } from "../fused-ops.js";
import { heapFloats, type WasmBackend } from "./heap.js";

/**
 * explr's fused ops (src/backend/fused-ops.ts) for the `wasm` backend that work on parameter-sized arrays, computed
 * in JavaScript in place in its memory: the optimizer's multi-tensor step (flatten, a linear program over flat
 * arrays, unflatten) instead of a few tfjs kernels per tensor, axpby and the running-statistics update. BatchNorm's
 * kernels, over activations, are WebAssembly SIMD (batch-norm-kernels.ts), or the native addon's where it runs
 * (src/backend/native/batch-norm-kernels.ts): plain JavaScript loops over activations measured 10x slower than
 * tfjs's SIMD ops.
 */

const axpby: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, y } = inputs as { x: tf.TensorInfo; y: tf.TensorInfo };
  const { a, b } = attrs as unknown as { a: number; b: number };
  const wasm = backend as unknown as WasmBackend;
  const out = wasm.makeOutput(x.shape, "float32");
  const [xs, ys, os] = [x, y, out].map((t) => heapFloats(wasm, t));
  for (let i = 0; i < os.length; i++) os[i] = a * xs[i] + b * ys[i];
  return out;
};

const runningAverage: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { running, stats } = inputs as { running: tf.TensorInfo; stats: tf.TensorInfo };
  const { row, momentum } = attrs as unknown as { row: number; momentum: number };
  const wasm = backend as unknown as WasmBackend;
  const out = wasm.makeOutput(running.shape, "float32");
  const [r, s, o] = [running, stats, out].map((t) => heapFloats(wasm, t));
  const offset = row * o.length;
  for (let i = 0; i < o.length; i++) o[i] = (1 - momentum) * r[i] + momentum * s[offset + i];
  return out;
};

/**
 * A program as a JavaScript function of (inputs, coefficients, out, n): one loop over the elements running the steps
 * in locals, as the webgpu kernel's shader does. It depends on the program's shape only (its coefficients are an
 * argument), so a schedule that changes the LR every step reuses one function.
 */
type CompiledProgram = (
  inputs: Float32Array[],
  coefficients: Float64Array,
  out: Float32Array,
  n: number,
) => void;
const compiledPrograms = new Map<string, CompiledProgram>();

function compileProgram({ inputCount, steps, outputs }: LinearProgram): CompiledProgram {
  const key = `${inputCount}:${steps.map(({ x, y }) => `${x},${y}`).join(";")}:${outputs.join(",")}`;
  const known = compiledPrograms.get(key);
  if (known !== undefined) return known;
  const body = [
    ...Array.from({ length: inputCount }, (_, i) => `const x${i} = inputs[${i}];`),
    "for (let i = 0; i < n; i++) {",
    ...Array.from({ length: inputCount }, (_, i) => `  const r${i} = x${i}[i];`),
    ...steps.map(
      ({ x, y }, s) =>
        `  const r${inputCount + s} = coefficients[${2 * s}] * r${x} + coefficients[${2 * s + 1}] * r${y};`,
    ),
    ...outputs.map((register, k) => `  out[${k} * n + i] = r${register};`),
    "}",
  ];
  const compiled = new Function("inputs", "coefficients", "out", "n", body.join("\n")) as CompiledProgram;
  compiledPrograms.set(key, compiled);
  return compiled;
}

const linearProgram: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const tensors = Object.values(inputs) as tf.TensorInfo[];
  const { program } = attrs as unknown as { program: LinearProgram };
  const wasm = backend as unknown as WasmBackend;
  const n = tensors[0].shape[0];
  const out = wasm.makeOutput([program.outputs.length, n], "float32");
  const coefficients = Float64Array.from(program.steps.flatMap(({ a, b }) => [a, b]));
  compileProgram(program)(
    tensors.map((t) => heapFloats(wasm, t)),
    coefficients,
    heapFloats(wasm, out),
    n,
  );
  return out;
};

const flatten: tf.KernelFunc = ({ inputs, backend }) => {
  const tensors = Object.values(inputs) as tf.TensorInfo[];
  const wasm = backend as unknown as WasmBackend;
  const total = tensors.reduce((sum, t) => sum + t.shape.reduce((p, d) => p * d, 1), 0);
  const out = wasm.makeOutput([total], "float32");
  const o = heapFloats(wasm, out);
  let at = 0;
  for (const t of tensors) {
    const values = heapFloats(wasm, t);
    o.set(values, at);
    at += values.length;
  }
  return out;
};

const unflatten: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { flat } = inputs as { flat: tf.TensorInfo };
  const { shapes } = attrs as unknown as { shapes: number[][] };
  const wasm = backend as unknown as WasmBackend;
  const outs = shapes.map((shape) => wasm.makeOutput(shape, "float32"));
  const source = heapFloats(wasm, flat);
  let at = 0;
  for (const out of outs) {
    const o = heapFloats(wasm, out);
    o.set(source.subarray(at, at + o.length));
    at += o.length;
  }
  return outs;
};

/** The fused ops for `wasm`, by kernel name. */
export const wasmFusedKernels: Readonly<Record<string, tf.KernelFunc>> = {
  [fusedKernelNames.axpby]: axpby,
  [fusedKernelNames.runningAverage]: runningAverage,
  [fusedKernelNames.linearProgram]: linearProgram,
  [fusedKernelNames.flatten]: flatten,
  [fusedKernelNames.unflatten]: unflatten,
};
