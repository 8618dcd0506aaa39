import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { kernelInfo } from "../../kernel/kernel-info.js";

test("kernel_info names explr, its package version, protocol 5.3 and TypeScript", () => {
  const info = kernelInfo();
  const version = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).version;
  assert.equal(info.implementation, "explr");
  assert.equal(info.implementation_version, version);
  assert.equal(info.protocol_version, "5.3");
  assert.equal((info.language_info as { name: string }).name, "typescript");
});
