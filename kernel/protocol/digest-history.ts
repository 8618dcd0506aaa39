/**
 * The signatures of the messages already received, so that a captured message sent again (a replay) is refused,
 * as jupyter_client's Session refuses a duplicate signature. Bounded like its `digest_history_size` (2^16): when
 * full, the oldest tenth is forgotten (Session forgets a random tenth).
 */
export class DigestHistory {
  readonly #seen = new Set<string>();
  readonly #size: number;

  constructor(size = 2 ** 16) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`a digest history holds at least one signature, got a size of ${size}`);
    }
    this.#size = size;
  }

  /** True for a signature not seen before (now remembered); false for a replay. */
  admit(signature: string): boolean {
    if (this.#seen.has(signature)) return false;
    if (this.#seen.size >= this.#size) {
      let forget = Math.max(1, Math.floor(this.#size / 10));
      for (const old of this.#seen) {
        if (forget-- === 0) break;
        this.#seen.delete(old);
      }
    }
    this.#seen.add(signature);
    return true;
  }
}
