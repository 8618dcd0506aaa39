/** SigintWatch (kernel/protocol/sigint-watch.ts), in a child process of its own: see sigint-watch-child.ts. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

test("SIGINT stops a synchronous cell and reaches the kernel when idle, in holder and in listener mode; a burst leaves it alive", () => {
  const child = spawnSync(
    process.execPath,
    [fileURLToPath(new URL("./sigint-watch-child.js", import.meta.url))],
    {
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  assert.equal(child.status, 0, `exit ${child.status} ${child.signal ?? ""}: ${child.stderr}`);
  assert.deepEqual(JSON.parse(child.stdout), {
    modeAfterStart: "holder",
    syncCell: "error",
    // the cell's own watchdog took that SIGINT: the holder never saw it
    interruptsAfterSyncCell: 0,
    interruptsWhileIdle: 2,
    aliveAfterBurst: true,
    modeWithOwnListener: "listener",
    syncCellWithOwnListener: "error",
    alive: true,
  });
});
