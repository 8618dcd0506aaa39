import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { assertIntegrity, sha256Hex, sha512Digests, sha512Hasher } from "../../src/data/integrity.js";

const bytes = new TextEncoder().encode("cifar");
const sri = `sha512-${createHash("sha512").update(bytes).digest("base64")}`;

describe("integrity", () => {
  it("hashes streamed chunks like the whole", () => {
    const hasher = sha512Hasher();
    hasher.update(bytes.subarray(0, 2));
    hasher.update(bytes.subarray(2));
    assert.equal(hasher.integrity(), sri);
  });

  it("reads the sha512 digests of an SRI string and ignores weaker ones", () => {
    assert.deepEqual(sha512Digests(`sha1-abc ${sri}`), [sri.slice(7)]);
    assert.throws(() => sha512Digests("sha1-abc"), /no sha512 digest/);
  });

  it("accepts a match with every expected integrity and names both digests on a mismatch", () => {
    assertIntegrity(sri, [sri, `sha1-x ${sri}`], "pkg");
    const other = `sha512-${createHash("sha512").update("other").digest("base64")}`;
    assert.throws(
      () => assertIntegrity(sri, [sri, other], "pkg.tgz"),
      (error: Error) => {
        assert.match(error.message, /checksum mismatch for pkg\.tgz/);
        assert.ok(error.message.includes(sri) && error.message.includes(other));
        return true;
      },
    );
  });

  it("gives hex sha256", () => {
    assert.equal(
      sha256Hex(new Uint8Array()),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});
