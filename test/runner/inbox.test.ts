import assert from "node:assert/strict";
import { test } from "node:test";
import { type Message, reply } from "../../kernel/protocol/wire.js";
import { Inbox } from "../../runner/inbox.js";

const request = (type: string) => reply(undefined, type, {}, "session", []) as Message;
const answer = (parent: Message, type: string, content: Record<string, unknown> = {}) =>
  reply(parent, type, content, "kernel", []) as Message;

test("a reply settles the request it answers, and no other", async () => {
  const inbox = new Inbox();
  const [a, b] = [request("kernel_info_request"), request("execute_request")];
  const settled: string[] = [];
  void inbox.replyTo(a.header.msg_id).then(() => settled.push("a"));
  void inbox.replyTo(b.header.msg_id).then(() => settled.push("b"));
  inbox.receive(answer(b, "execute_reply"));
  inbox.receive(answer(a, "status", { execution_state: "idle" })); // not a reply
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(settled, ["b"]);
});

test("IOPub messages are kept by parent, in order; idle resolves at once when already published", async () => {
  const inbox = new Inbox();
  const cell = request("execute_request");
  const other = request("execute_request");
  const messages = [
    answer(cell, "status", { execution_state: "busy" }),
    answer(other, "stream"),
    answer(cell, "stream"),
    answer(cell, "status", { execution_state: "idle" }),
  ];
  for (const message of messages) inbox.record(message);
  assert.deepEqual(inbox.publishedFor(cell), [messages[0], messages[2], messages[3]]);
  assert.equal(await inbox.idle(cell), messages[3]);
  const later = inbox.idle(other);
  const idle = answer(other, "status", { execution_state: "idle" });
  inbox.record(idle);
  inbox.receive(idle);
  assert.equal(await later, idle);
});
