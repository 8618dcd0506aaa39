import type { LinearProgram } from "../backend/fused-ops.js";
import { type ArrayKind, sameShape } from "./array-kind.js";

/**
 * The update rule recorded instead of run. `tracedOps` is an array kind whose arrays are expressions: running
 * `sgd().step` on them records which axpby make each new weight and buffer, and `compileLinearProgram` turns one
 * tensor's record into a straight-line program over its inputs. Every tensor of a group records the same program
 * (the hyperparameters are per group), so a backend runs it once over all of them: a multi-tensor step with the
 * rule still written once, in `sgdUpdate`.
 */

/** What an input of a tensor's update is. */
export type InputRole = "weights" | "grad" | "buffer";

/** The inputs' order in a compiled program. */
const roleOrder: readonly InputRole[] = ["weights", "grad", "buffer"];

/** An array of the traced rule: an input of tensor `tensor`, or a·x + b·y of two traced arrays. */
export type Traced =
  | { kind: "input"; role: InputRole; tensor: number; shape: readonly number[] }
  | { kind: "axpby"; a: number; x: Traced; b: number; y: Traced; shape: readonly number[] };

/** The traced input `role` of tensor number `tensor`. */
export function tracedInput(role: InputRole, tensor: number, shape: readonly number[]): Traced {
  return { kind: "input", role, tensor, shape };
}

function noValues(): never {
  throw new Error("a traced array has no values: save or load the state of an optimizer over real arrays");
}

/** Traced arrays as an array kind: axpby records, shapes are checked as `tfjsOps` checks them. */
export const tracedOps: ArrayKind<Traced> = {
  axpby(a, x, b, y) {
    if (!sameShape(x.shape, y.shape)) {
      throw new RangeError(
        `axpby: arrays of shape [${x.shape}] and [${y.shape}]; both must have the same shape`,
      );
    }
    return { kind: "axpby", a, x, b, y, shape: x.shape };
  },
  shape: (x) => x.shape,
  encode: noValues,
  decode: noValues,
};

/** A tensor's update as a program, and which of its inputs the program reads, in the program's input order. */
export interface CompiledUpdate {
  roles: InputRole[];
  program: LinearProgram;
}

/**
 * The program that computes `results`, expressions of one tensor's inputs; a subexpression used twice (the new
 * momentum buffer is both an output and a term of the new weights) is computed once.
 */
export function compileLinearProgram(results: readonly Traced[]): CompiledUpdate {
  const used = new Set<InputRole>();
  const tensors = new Set<number>();
  const visit = (e: Traced): void => {
    if (e.kind === "input") {
      used.add(e.role);
      tensors.add(e.tensor);
    } else {
      visit(e.x);
      visit(e.y);
    }
  };
  results.forEach(visit);
  if (tensors.size > 1) {
    throw new RangeError(`compileLinearProgram: the results mix the inputs of tensors ${[...tensors]}`);
  }
  const roles = roleOrder.filter((role) => used.has(role));
  const steps: LinearProgram["steps"] = [];
  const registers = new Map<Traced, number>();
  const registerOf = (e: Traced): number => {
    if (e.kind === "input") return roles.indexOf(e.role);
    const known = registers.get(e);
    if (known !== undefined) return known;
    const step = { a: e.a, x: registerOf(e.x), b: e.b, y: registerOf(e.y) };
    steps.push(step);
    const register = roles.length + steps.length - 1;
    registers.set(e, register);
    return register;
  };
  const outputs = results.map(registerOf);
  return { roles, program: { inputCount: roles.length, steps, outputs } };
}
