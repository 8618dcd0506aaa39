/** A contiguous slice [start, end) of a batch. */
export interface Shard {
  start: number;
  end: number;
}

/**
 * Splits a batch of `size` samples into `parts` contiguous shards whose sizes differ by at most one, larger first.
 * Example: `shardRanges(10, 3)` → [0, 4), [4, 7), [7, 10).
 */
export function shardRanges(size: number, parts: number): Shard[] {
  if (!Number.isInteger(parts) || parts < 1) {
    throw new RangeError(`cannot split a batch into ${parts} shards; use an integer ≥ 1.`);
  }
  if (!Number.isInteger(size) || size < parts) {
    throw new RangeError(`a batch of ${size} samples cannot feed ${parts} workers; use a batch ≥ ${parts}.`);
  }
  const base = Math.floor(size / parts);
  const extra = size % parts;
  const shards: Shard[] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const end = start + base + (i < extra ? 1 : 0);
    shards.push({ start, end });
    start = end;
  }
  return shards;
}

/**
 * Σᵢ wᵢ·aᵢ elementwise, in float64 then rounded once to float32. With wᵢ = nᵢ/N this turns per-shard means
 * (loss, gradient of a mean loss) into the mean over the whole batch. Example: `weightedSum([a, b], [0.5, 0.5])`.
 */
export function weightedSum(arrays: readonly Float32Array[], weights: readonly number[]): Float32Array {
  if (arrays.length === 0 || arrays.length !== weights.length) {
    throw new RangeError(
      `weightedSum: ${arrays.length} arrays and ${weights.length} weights; give one weight each.`,
    );
  }
  const length = arrays[0].length;
  for (const a of arrays) {
    if (a.length !== length) throw new RangeError(`weightedSum: arrays of ${length} and ${a.length} values.`);
  }
  const out = new Float32Array(length);
  for (let j = 0; j < length; j++) {
    let sum = 0;
    for (let i = 0; i < arrays.length; i++) sum += weights[i] * arrays[i][j];
    out[j] = sum;
  }
  return out;
}
