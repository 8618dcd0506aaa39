/**
 * Seeded pseudo-random numbers: the same seed gives the same stream on every machine, so initializations, data
 * orders, augmentations and noise sequences are reproducible.
 */

/**
 * The generator: a seeded PRNG small enough to read: mulberry32 (Tommy Ettinger's 32-bit mixer, public domain). Its period is
 * 2^32 and it passes gjrand/PractRand at the sizes a shuffle or an augmentation uses; it is not cryptographic.
 *
 *     state ← state + 0x6D2B79F5 (mod 2^32); t ← mix(state); return t / 2^32 ∈ [0, 1)
 *
 * @example const random = mulberry32(42); random(); // 0.6011037519201636, the same on every run
 */
export function mulberry32(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new TypeError(
      `seed must be an integer, got ${seed}; round it or hash your seed to an integer first`,
    );
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) drawn from `random`. */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/**
 * Derives an independent seed for one epoch (or any stream index) from a base seed, so that epoch k's order does
 * not depend on how many numbers epoch k − 1 drew. Uses the first output of mulberry32(seed ⊕ golden·(k+1)).
 */
export function deriveSeed(seed: number, stream: number): number {
  const mixed = (seed ^ Math.imul(0x9e3779b9, stream + 1)) >>> 0;
  return Math.floor(mulberry32(mixed)() * 4294967296);
}

/**
 * The indices 0..n−1 in a uniformly random order (Fisher–Yates, driven by `random`).
 * @example shuffledIndices(5, mulberry32(1)) // a permutation of [0, 1, 2, 3, 4], always the same one for seed 1
 */
export function shuffledIndices(n: number, random: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

/** A uniform, normal and integer stream from one seed, for initializations and noise sequences. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  const uniform = mulberry32(seed);
  return {
    uniform,
    normal() {
      const u = 1 - uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
    int: (n) => randomInt(uniform, n),
  };
}
