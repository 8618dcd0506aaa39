/**
 * Distances between weight vectors, as the equivalence checks measure them. Under scale invariance a weight vector
 * matters only through its direction, so two runs compute the same function when their directions agree.
 */

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`dot: vectors of length ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** ‖a‖₂. */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** ‖a/‖a‖ − b/‖b‖‖: the chord between the two directions (≈ the angle when small). */
export function directionDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const [na, nb] = [norm(a), norm(b)];
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] / na - b[i] / nb) ** 2;
  return Math.sqrt(sum);
}

/**
 * The angle between a and b in radians, accurate for tiny angles too: 2·asin(chord/2) instead of
 * acos(cos θ), which loses every digit below 1e-8.
 */
export function angleBetween(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return 2 * Math.asin(Math.min(1, directionDistance(a, b) / 2));
}

/** max_i |a_i − b_i|. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`maxAbsDifference: lengths ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
