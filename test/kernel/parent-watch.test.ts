import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { EXIT_WITH_STDIN } from "../../kernel/parent-watch.js";
import { explrArgv, KernelClient } from "../../runner/client.js";

test("an owned kernel ends when its stdin closes, even inside a blocking cell, and removes its connection file", {
  timeout: 30_000,
}, async () => {
  const client = await KernelClient.start();
  const folder = path.dirname(client.connectionFile);
  const blocking = client.execute("Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20_000);");
  blocking.catch(() => {});
  await client.next((m) => m.header.msg_type === "execute_input");
  const began = performance.now();
  client.process.stdin?.end();
  await client.exited();
  assert.ok(performance.now() - began < 5000, "it did not wait for the cell");
  assert.equal(client.process.signalCode, "SIGKILL");
  assert.ok(!existsSync(client.connectionFile) && !existsSync(folder));
  await assert.rejects(blocking, /the kernel exited \(SIGKILL\)/);
  client.close();
});

test(`without ${EXIT_WITH_STDIN}=1 (as Jupyter starts it) a closed stdin does not end the kernel`, {
  timeout: 30_000,
}, async () => {
  const unowned = (file: string) => ["env", "-u", EXIT_WITH_STDIN, ...explrArgv(file)];
  const client = await KernelClient.start(undefined, unowned);
  client.process.stdin?.end();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const { reply, outputs } = await client.execute("6 * 7");
  assert.equal(reply.content.status, "ok");
  assert.equal((outputs[0].content.data as Record<string, string>)["text/plain"], "42");
  assert.ok(existsSync(client.connectionFile));
  await client.shutdown();
});
