import { createHash, type Hash } from "node:crypto";

/**
 * Subresource-Integrity strings as the npm registry writes them: `sha512-<base64 digest>`, several may be joined
 * by spaces. Only sha512 is accepted: the registry's older sha1 `shasum` is too weak to pin data by.
 */
export function sha512Digests(integrity: string): string[] {
  const digests = integrity
    .split(/\s+/)
    .filter((token) => token.startsWith("sha512-"))
    .map((token) => token.slice("sha512-".length).split("?")[0]);
  if (digests.length === 0) {
    throw new TypeError(`integrity "${integrity}" holds no sha512 digest; expected "sha512-<base64>"`);
  }
  return digests;
}

/** A running sha512 whose result is an SRI string, e.g. `sha512-Ij+0…lwg==`. */
export function sha512Hasher(): { update(chunk: Uint8Array): void; integrity(): string } {
  const hash: Hash = createHash("sha512");
  return {
    update: (chunk) => {
      hash.update(chunk);
    },
    integrity: () => `sha512-${hash.digest("base64")}`,
  };
}

/**
 * Throws an Error naming both digests unless `actual` (an SRI string) matches one sha512 digest of each of the
 * `expected` integrity strings (e.g. the registry's and a pinned one).
 */
export function assertIntegrity(actual: string, expected: readonly string[], what: string): void {
  const [actualDigest] = sha512Digests(actual);
  for (const integrity of expected) {
    if (!sha512Digests(integrity).includes(actualDigest)) {
      throw new Error(
        `checksum mismatch for ${what}: got ${actual}, expected ${integrity}; the download is corrupt or was tampered with — delete it and retry, or check the registry setting`,
      );
    }
  }
}

/** The hex sha256 of some bytes (the cache manifest's checksum). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
