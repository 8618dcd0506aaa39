import type * as tf from "@tensorflow/tfjs-core";

/**
 * What a parameter is for the theory: "scale-invariant" weights feed a normalization (the loss does not change when
 * they are multiplied by c > 0), "norm-affine" are γ/β of a normalization, "bias" an additive bias, "output" the
 * final dense weights.
 */
export type ParamKind = "scale-invariant" | "norm-affine" | "bias" | "output";
export const paramKinds: readonly ParamKind[] = ["scale-invariant", "norm-affine", "bias", "output"];

/** A named model parameter. `trainable: false` marks a fixed one (e.g. a random, untrained output layer). */
export interface Param {
  name: string;
  variable: tf.Variable;
  kind: ParamKind;
  trainable: boolean;
}

/** Parameters grouped by kind, every kind present (possibly empty), so an optimizer can pick its WD groups. */
export function groupByKind(params: readonly Param[]): Record<ParamKind, Param[]> {
  const groups = Object.fromEntries(paramKinds.map((kind) => [kind, [] as Param[]])) as Record<
    ParamKind,
    Param[]
  >;
  for (const p of params) groups[p.kind].push(p);
  return groups;
}
