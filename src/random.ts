/**
 * Seeded pseudo-random numbers: the same seed gives the same stream on every machine, so initializations, data
 * orders and noise sequences are reproducible. mulberry32 (32-bit state, period 2³²): ample for initializations and
 * shuffles, not for cryptography.
 */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    uniform,
    normal() {
      const u = 1 - uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
    int(n) {
      return Math.floor(uniform() * n);
    },
  };
}
