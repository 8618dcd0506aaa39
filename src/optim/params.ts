import { type ArrayKind, sameShape } from "./array-kind.js";

/**
 * Parameters as the optimizer receives them: a flat list when the configuration has no `groups`, one list per
 * group when it has. Deciding by the configuration, not by guessing from the values, keeps the form unambiguous.
 */
export type Params<T> = readonly T[] | readonly (readonly T[])[];

/** The same form as `P` with elements of type `U` (the form `step` returns). */
export type SameForm<P, T, U> = P extends readonly (readonly T[])[] ? U[][] : U[];

/** Splits `params` into one list per group, refusing a form that does not fit the configuration. */
export function toGroups<T>(params: Params<T>, grouped: boolean, groupCount: number, what: string): T[][] {
  if (!Array.isArray(params)) throw new TypeError(`optim.sgd: ${what} must be an array`);
  if (!grouped) {
    if (params.some((p) => Array.isArray(p))) {
      throw new TypeError(
        `optim.sgd: ${what} is nested but the configuration has no groups; pass a flat list or add \`groups\``,
      );
    }
    return [params as T[]];
  }
  if (params.length !== groupCount || !params.every((p) => Array.isArray(p))) {
    throw new RangeError(
      `optim.sgd: ${what} must be ${groupCount} lists, one per group of the configuration, got ${params.length} ` +
        "entries",
    );
  }
  return params as T[][];
}

/** Back to the caller's form. */
export function fromGroups<T, U>(groups: U[][], grouped: boolean): SameForm<Params<T>, T, U> {
  return (grouped ? groups : groups[0]) as SameForm<Params<T>, T, U>;
}

/** Refuses lists of different lengths or tensors of different shapes, naming the first mismatch. */
export function checkSameLayout<T>(
  ops: ArrayKind<T>,
  reference: readonly (readonly T[])[],
  other: readonly (readonly (T | null)[])[],
  what: string,
): void {
  reference.forEach((group, g) => {
    if (other[g].length !== group.length) {
      throw new RangeError(
        `optim.sgd: group ${g} has ${group.length} parameters but ${other[g].length} ${what}; give one per parameter`,
      );
    }
    group.forEach((p, i) => {
      const x = other[g][i];
      if (x === null) return;
      const a = ops.shape(p);
      const b = ops.shape(x);
      if (!sameShape(a, b)) {
        throw new RangeError(
          `optim.sgd: group ${g} parameter ${i} has shape [${a}] but its ${what.replace(/s$/, "")} has shape [${b}]`,
        );
      }
    });
  });
}
