import assert from "node:assert/strict";
import { test } from "node:test";
import { InputRequests } from "../../kernel/input-requests.js";
import { type Message, reply } from "../../kernel/protocol/wire.js";

function setup(allowStdin: unknown = true, askBlocking?: (request: Message<unknown>) => string) {
  const sent: Message<unknown>[] = [];
  const aborted: unknown[] = [];
  let flushed = 0;
  const cell = reply(
    undefined,
    "execute_request",
    { code: "x", allow_stdin: allowStdin },
    "client",
  ) as Message;
  const input = new InputRequests(
    {
      send: async (_channel, message) => {
        sent.push(message);
      },
      askBlocking,
    },
    "kernel",
    { parent: () => cell, flush: () => flushed++, abort: (reason) => aborted.push(reason) },
  );
  const answer = (content: unknown, type = "input_reply") => {
    const message = reply(undefined, type, {}, "client") as Message;
    (message as { content: unknown }).content = content;
    return message;
  };
  return { input, sent, aborted, cell, answer, flushed: () => flushed };
}

test("ask sends an input_request for the running cell, after its output, and resolves with the reply", async () => {
  const { input, sent, cell, answer, flushed } = setup();
  const asked = input.ask("Name? ", false);
  assert.equal(flushed(), 1);
  assert.deepEqual(sent[0].content, { prompt: "Name? ", password: false });
  assert.equal(sent[0].parent_header.msg_id, cell.header.msg_id);
  input.receive(answer({ value: 7 }, "execute_request")); // not an input_reply: ignored
  input.receive(answer({ value: "Ada" }));
  assert.equal(await asked, "Ada");
});

test("a reply without a string value answers the empty string; a null content is a BadRequest", async () => {
  const { input, answer } = setup();
  const asked = input.ask("? ", false);
  assert.throws(() => input.receive(answer(null)), /content must be a JSON object/);
  input.receive(answer({ value: 12 }));
  assert.equal(await asked, "");
});

test("an interrupt rejects the awaited input; one request at a time; allow_stdin: false refuses", async () => {
  const { input } = setup();
  const asked = input.ask("? ", false);
  await assert.rejects(input.ask("again? ", false), /already waiting for an answer/);
  input.interrupt();
  await assert.rejects(asked, { name: "Interrupted" });
  await assert.rejects(setup(false).input.ask("? ", false), /allow_stdin: false/);
});

test("askBlocking: the transport's answer; an interrupt aborts the cell; none without a blocking transport", () => {
  assert.throws(() => setup().input.askBlocking("? ", false), /cannot block for input here/);
  assert.equal(setup(true, () => "8").input.askBlocking("Epochs? ", false), "8");
  const interrupted = setup(true, () => {
    throw Object.assign(new Error("input interrupted"), { name: "Interrupted" });
  });
  assert.throws(() => interrupted.input.askBlocking("? ", false), { name: "Interrupted" });
  assert.equal(interrupted.aborted.length, 1);
});
