import assert from "node:assert/strict";
import { test } from "node:test";
import { executeRequest, foldMessage, JupyterServer } from "../../scripts/check-server.js";

const iopub = (msg_type: string, content: Record<string, unknown>) => ({
  channel: "iopub",
  header: { msg_type },
  parent_header: { msg_id: "m1" },
  content,
});

test("a cell's messages fold into its text and error; the cell is over at its idle status", () => {
  const result: { text: string; error?: string } = { text: "" };
  assert.equal(foldMessage(iopub("status", { execution_state: "busy" }), result), false);
  assert.equal(foldMessage(iopub("stream", { name: "stdout", text: "epoch 1\n" }), result), false);
  assert.equal(
    foldMessage(iopub("execute_result", { data: { "text/plain": "0.5", "text/html": "<b>" } }), result),
    false,
  );
  assert.equal(
    foldMessage(iopub("error", { ename: "RangeError", evalue: "bad steps", traceback: [] }), result),
    false,
  );
  assert.equal(foldMessage(iopub("status", { execution_state: "idle" }), result), true);
  assert.deepEqual(result, { text: "epoch 1\n0.5\n", error: "RangeError: bad steps" });
});

test("an execute_request as Jupyter's WebSocket carries it, and the channel URL with the token", () => {
  const request = executeRequest("1 + 1", "s1") as {
    header: { msg_type: string; session: string; msg_id: string };
    content: { code: string; allow_stdin: boolean };
    channel: string;
  };
  assert.equal(request.header.msg_type, "execute_request");
  assert.equal(request.header.session, "s1");
  assert.equal(request.channel, "shell");
  assert.deepEqual([request.content.code, request.content.allow_stdin], ["1 + 1", false]);
  assert.notEqual(request.header.msg_id, (executeRequest("1", "s1") as typeof request).header.msg_id);
  const url = new URL(new JupyterServer("https://hub.example.org/user/ada/", "t0k").channels("k-1"));
  assert.equal(url.protocol, "wss:");
  assert.equal(url.pathname, "/user/ada/api/kernels/k-1/channels");
  assert.equal(url.searchParams.get("token"), "t0k");
});
