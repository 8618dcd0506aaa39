/**
 * A seeded generator of standard normal samples (mulberry32 + Box–Muller), so a model built from the same config
 * and seed has bit-identical initial weights on every backend. Example: `const next = normalSampler(0); next();`
 */
export function normalSampler(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** `size` samples of N(0, std²). He/Kaiming normal for a ReLU layer: std = √(2 / fanIn). */
export function normalValues(next: () => number, size: number, std: number): Float32Array {
  return Float32Array.from({ length: size }, () => next() * std);
}
