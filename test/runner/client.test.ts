import assert from "node:assert/strict";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { KernelClient } from "../../runner/client.js";

test("the connection file, which holds the key, is the user's alone and goes with close()", {
  timeout: 30_000,
}, async () => {
  const client = await KernelClient.start();
  const folder = path.dirname(client.connectionFile);
  assert.equal(statSync(client.connectionFile).mode & 0o777, 0o600);
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  await client.shutdown();
  assert.ok(!existsSync(folder));
});

test("a kernel that fails to start leaves no connection file behind", { timeout: 30_000 }, async () => {
  let folder = "";
  const failing = (file: string) => {
    folder = path.dirname(file);
    return [process.execPath, "-e", "process.exit(3)"];
  };
  await assert.rejects(KernelClient.start(undefined, failing), /kernel exited \(3\)/);
  assert.ok(folder !== "" && !existsSync(folder));
});

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

test("a cell's IOPub messages are kept by its request, in order, and no other cell's are among them", {
  timeout: 30_000,
}, async () => {
  const client = await KernelClient.start();
  await client.execute("1 + 1");
  const second = client.message("execute_request", { code: "2 + 2", silent: false });
  await client.send(second);
  await client.idle(second);
  const kinds = client
    .publishedFor(second)
    .map((m) => (m.header.msg_type === "status" ? String(m.content.execution_state) : m.header.msg_type));
  assert.deepEqual(kinds, ["busy", "execute_input", "execute_result", "idle"]);
  const outputs = client.outputsOf(second);
  assert.deepEqual(
    outputs.map((m) => m.header.msg_type),
    ["execute_input", "execute_result"],
  );
  assert.equal((outputs[1].content.data as Record<string, string>)["text/plain"], "4");
  await client.shutdown();
});
