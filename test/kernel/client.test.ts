import assert from "node:assert/strict";
import { test } from "node:test";
import { KernelClient } from "../../kernel/client.js";

test("shutdown ends the kernel process; a request to a dead kernel fails instead of hanging", {
  timeout: 30_000,
}, async () => {
  const client = await KernelClient.start();
  const { reply } = await client.execute("1 + 1");
  assert.equal(reply.content.status, "ok");
  const dying = KernelClient.start();
  const other = await dying;
  other.process.kill("SIGKILL");
  await assert.rejects(
    other.request("kernel_info_request", {}),
    /the kernel exited \(SIGKILL\) before answering/,
  );
  other.close();
  await client.shutdown();
  assert.equal(client.process.exitCode, 0);
});
