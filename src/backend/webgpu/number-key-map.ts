/**
 * A map whose keys are sequences of numbers, for caches that are looked up hundreds of times per training step: a
 * key is hashed (FNV-1a over each number's float64 bits) and compared in full, so a lookup builds no string and
 * allocates nothing. The caller writes a key into `key` (grown as needed) and passes its length.
 */
export class NumberKeyMap<V> {
  /** Scratch space for the key of the next call; callers write into it from index 0. */
  key = new Float64Array(64);
  private bits = new Uint32Array(this.key.buffer);
  private readonly buckets = new Map<number, Entry<V>[]>();
  /** Entries in insertion order, for `deleteOldest`. */
  private readonly order = new Map<Entry<V>, number>();

  get size(): number {
    return this.order.size;
  }

  /** Makes room for a key of `length` numbers in `key`, keeping what is written there. */
  reserve(length: number): void {
    if (length <= this.key.length) return;
    const grown = new Float64Array(Math.max(length, 2 * this.key.length));
    grown.set(this.key);
    this.key = grown;
    this.bits = new Uint32Array(grown.buffer);
  }

  /** The value stored under `key[0, length)`, if any. */
  get(length: number): V | undefined {
    const bucket = this.buckets.get(this.hash(length));
    if (bucket === undefined) return undefined;
    for (const entry of bucket) if (this.matches(entry.key, length)) return entry.value;
    return undefined;
  }

  /** Stores `value` under `key[0, length)` (a key not yet stored: `get` it first). */
  set(length: number, value: V): void {
    const hash = this.hash(length);
    const entry = { key: this.key.slice(0, length), value };
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) this.buckets.set(hash, [entry]);
    else bucket.push(entry);
    this.order.set(entry, hash);
  }

  /** Removes the entry stored first, and returns its value (undefined when empty). */
  deleteOldest(): V | undefined {
    const next = this.order.entries().next();
    if (next.done) return undefined;
    const [entry, hash] = next.value;
    this.order.delete(entry);
    const bucket = this.buckets.get(hash) as Entry<V>[];
    bucket.splice(bucket.indexOf(entry), 1);
    if (bucket.length === 0) this.buckets.delete(hash);
    return entry.value;
  }

  clear(): void {
    this.buckets.clear();
    this.order.clear();
  }

  private hash(length: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < 2 * length; i++) h = Math.imul(h ^ this.bits[i], 0x01000193);
    return h >>> 0;
  }

  private matches(stored: Float64Array, length: number): boolean {
    if (stored.length !== length) return false;
    for (let i = 0; i < length; i++) if (!Object.is(stored[i], this.key[i])) return false;
    return true;
  }
}

interface Entry<V> {
  key: Float64Array;
  value: V;
}
