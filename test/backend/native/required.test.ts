import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

/** Runs the native-convolution tests with the addon unavailable (EXPLR_NATIVE=0 stands for a machine without it). */
function withoutAddon(env: NodeJS.ProcessEnv) {
  const file = fileURLToPath(new URL("conv-kernels.test.js", import.meta.url));
  return spawnSync(process.execPath, ["--test", file], {
    // NODE_TEST_CONTEXT unset: the child reports as a test run of its own, not to this one.
    env: {
      ...process.env,
      NODE_TEST_CONTEXT: undefined,
      EXPLR_NATIVE: "0",
      EXPLR_REQUIRE_NATIVE: "",
      ...env,
    },
    encoding: "utf8",
  });
}

test("without the addon the native tests skip, naming the reason and the install command", () => {
  const result = withoutAddon({});
  assert.equal(result.status, 0, result.stdout);
  assert.match(result.stdout, /# SKIP native convolutions unavailable \(turned off by EXPLR_NATIVE=0\)/);
  assert.match(result.stdout, /sudo apt-get install g\+\+ libdnnl-dev/);
});

test("EXPLR_REQUIRE_NATIVE=1 (CI) makes them fail instead", () => {
  const result = withoutAddon({ EXPLR_REQUIRE_NATIVE: "1" });
  assert.notEqual(result.status, 0);
  assert.match(result.stdout, /EXPLR_REQUIRE_NATIVE=1 requires them/);
});
