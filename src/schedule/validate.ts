/**
 * Argument checks shared by the schedule constructors. Each names the constructor, the argument and the value,
 * so a wrong JSON spec or a typo in a notebook says what to fix.
 */

/** A finite number (TypeError for a non-number, RangeError for NaN or ±Infinity). */
export function requireFinite(where: string, name: string, value: unknown): number {
  if (typeof value !== "number") {
    throw new TypeError(`${where}: ${name} must be a number, got ${JSON.stringify(value)}`);
  }
  if (!Number.isFinite(value)) throw new RangeError(`${where}: ${name} must be finite, got ${value}`);
  return value;
}

/** A finite number ≥ 0 (learning rates, weight decays and other hyperparameter values). */
export function requireNonNegative(where: string, name: string, value: unknown): number {
  const x = requireFinite(where, name, value);
  if (x < 0) throw new RangeError(`${where}: ${name} must be ≥ 0, got ${x}`);
  return x;
}

/** A finite number > 0 (factors, rates). */
export function requirePositive(where: string, name: string, value: unknown): number {
  const x = requireFinite(where, name, value);
  if (x <= 0) throw new RangeError(`${where}: ${name} must be > 0, got ${x}`);
  return x;
}

/** An integer ≥ `min` (step counts). */
export function requireInteger(where: string, name: string, value: unknown, min: number): number {
  const x = requireFinite(where, name, value);
  if (!Number.isInteger(x) || x < min) {
    throw new RangeError(`${where}: ${name} must be an integer ≥ ${min}, got ${x}`);
  }
  return x;
}

/** A strictly increasing list of integer steps, each ≥ `min`. */
export function requireIncreasingSteps(where: string, name: string, value: unknown, min: number): number[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${where}: ${name} must be an array of steps, got ${JSON.stringify(value)}`);
  }
  const steps = value.map((x, i) => requireInteger(where, `${name}[${i}]`, x, min));
  for (let i = 1; i < steps.length; i++) {
    if (steps[i] <= steps[i - 1]) {
      throw new RangeError(
        `${where}: ${name} must increase strictly; got ${steps[i]} after ${steps[i - 1]} at index ${i}. ` +
          "Sort them and remove duplicates.",
      );
    }
  }
  return steps;
}
