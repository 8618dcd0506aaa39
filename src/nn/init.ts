/** `size` samples of N(0, std²) from `next`, a standard normal stream. He/Kaiming normal for a ReLU layer: std = √(2 / fanIn). */
export function normalValues(next: () => number, size: number, std: number): Float32Array {
  return Float32Array.from({ length: size }, () => next() * std);
}
