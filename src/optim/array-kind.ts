import type { LinearOps } from "./update.js";

/** A tensor's values in plain JSON: its shape and its elements in row-major order. */
export interface EncodedArray {
  shape: number[];
  values: number[];
}

/**
 * What the optimizer needs from an array kind beyond the update rule's arithmetic: shapes (to refuse a gradient
 * of the wrong shape before it broadcasts) and a lossless trip through JSON (to save and resume state).
 */
export interface ArrayKind<T> extends LinearOps<T> {
  shape(x: T): readonly number[];
  encode(x: T): EncodedArray;
  decode(encoded: EncodedArray): T;
}

/** True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
