import assert from "node:assert/strict";
import { test } from "node:test";
import { DigestHistory } from "../../../kernel/protocol/digest-history.js";

test("a signature is admitted once", () => {
  const digests = new DigestHistory();
  assert.equal(digests.admit("abc"), true);
  assert.equal(digests.admit("abc"), false);
  assert.equal(digests.admit("abd"), true);
});

test("the history is bounded: when full, the oldest tenth is forgotten and recent ones are still refused", () => {
  const digests = new DigestHistory(20);
  for (let i = 0; i < 20; i++) assert.equal(digests.admit(`s${i}`), true);
  assert.equal(digests.admit("s20"), true, "the 21st pushes out s0 and s1");
  assert.equal(digests.admit("s19"), false);
  assert.equal(digests.admit("s2"), false);
  assert.equal(digests.admit("s0"), true, "forgotten");
});

test("a size below one is refused", () => {
  assert.throws(() => new DigestHistory(0), /at least one signature/);
});
