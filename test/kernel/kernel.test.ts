/** The dispatch alone, over a fake transport and a fake engine: the protocol is testable without TypeScript. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Engine, Outcome } from "../../kernel/engine.js";
import { Kernel } from "../../kernel/kernel.js";
import { type Message, reply } from "../../kernel/protocol/wire.js";

class FakeEngine implements Engine {
  readonly ran: string[] = [];
  async execute(code: string): Promise<Outcome> {
    this.ran.push(code);
    if (code.startsWith("fail")) return { status: "error", ename: "Error", evalue: code, traceback: [code] };
    return code === ""
      ? { status: "ok", hasValue: false }
      : { status: "ok", hasValue: true, value: code.length };
  }
  complete = () => ({ start: 3, end: 5, matches: ["max"] });
  inspect = () => undefined;
  isComplete = () => ({ status: "complete" as const });
  interrupt(): void {}
  close(): void {}
}

function setup() {
  const sent: { channel: string; message: Message<unknown> }[] = [];
  const published: Message<unknown>[] = [];
  const engine = new FakeEngine();
  const kernel = new Kernel(
    {
      send: async (channel, message) => {
        sent.push({ channel, message });
      },
      publish: async (message) => {
        published.push(message);
      },
    },
    () => engine,
    "kernel-session",
  );
  const request = (type: string, content: Record<string, unknown>) =>
    reply(undefined, type, content, "client", [Buffer.from("client")]) as Message;
  const replyTo = async (message: Message) => {
    // The dispatch may wait on a timer (stop_on_error's window for requests in flight): poll for up to 5 s.
    const deadline = Date.now() + 5000;
    while (
      !sent.some((s) => s.message.parent_header.msg_id === message.header.msg_id) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const found = sent.find((s) => s.message.parent_header.msg_id === message.header.msg_id)?.message;
    if (!found) throw new Error(`no reply to ${message.header.msg_type}`);
    return found;
  };
  /** The content of the reply to `message`, once sent. */
  const answerTo = async (message: Message) => (await replyTo(message)).content as Record<string, unknown>;
  return { kernel, engine, sent, published, request, replyTo, answerTo };
}

test("every shell request is wrapped in busy and idle, and its reply goes back to the sender", async () => {
  const { kernel, published, request, replyTo } = setup();
  const info = request("kernel_info_request", {});
  kernel.receive(info, "shell");
  const answer = await replyTo(info);
  assert.equal(answer.header.msg_type, "kernel_info_reply");
  assert.deepEqual(answer.identities, [Buffer.from("client")]);
  assert.deepEqual(
    published.map((m) => m.content),
    [{ execution_state: "busy" }, { execution_state: "idle" }],
  );
});

test("a failing cell with stop_on_error aborts the cells already queued, not later ones", async () => {
  const { kernel, engine, request, answerTo } = setup();
  const failing = request("execute_request", { code: "fail now", stop_on_error: true });
  const queued = request("execute_request", { code: "queued" });
  kernel.receive(failing, "shell");
  kernel.receive(queued, "shell");
  assert.equal((await answerTo(failing)).status, "error");
  assert.equal((await answerTo(queued)).status, "aborted");
  assert.deepEqual(engine.ran, ["fail now"]);

  const later = request("execute_request", { code: "later" });
  kernel.receive(later, "shell");
  assert.equal((await answerTo(later)).status, "ok");
});

test("stop_on_error: false lets the queued cells run", async () => {
  const { kernel, engine, request, answerTo } = setup();
  const failing = request("execute_request", { code: "fail but go on", stop_on_error: false });
  const queued = request("execute_request", { code: "next" });
  kernel.receive(failing, "shell");
  kernel.receive(queued, "shell");
  assert.equal((await answerTo(queued)).status, "ok");
  assert.deepEqual(engine.ran, ["fail but go on", "next"]);
});

test("execution counts grow only for stored, non-silent cells; the result carries the count", async () => {
  const { kernel, published, request, answerTo } = setup();
  const counts: unknown[] = [];
  for (const options of [{}, { silent: true }, { store_history: false }, {}]) {
    const message = request("execute_request", { code: "abc", ...options });
    kernel.receive(message, "shell");
    counts.push((await answerTo(message)).execution_count);
  }
  assert.deepEqual(counts, [1, 1, 1, 2]);
  const results = published.filter((m) => m.header.msg_type === "execute_result").map((m) => m.content);
  assert.deepEqual(results[0], { execution_count: 1, data: { "text/plain": "3" }, metadata: {} });
  assert.equal(results.length, 3, "the silent cell publishes no result");
});

test("complete converts the engine's UTF-16 offsets to code points", async () => {
  const { kernel, request, answerTo } = setup();
  const message = request("complete_request", { code: "😀.max", cursor_pos: 4 });
  kernel.receive(message, "shell");
  const content = (await answerTo(message)) as unknown as { cursor_start: number; cursor_end: number };
  assert.deepEqual([content.cursor_start, content.cursor_end], [2, 4]);
});

test("user_expressions are evaluated and returned as bundles", async () => {
  const { kernel, request, answerTo } = setup();
  const message = request("execute_request", { code: "", user_expressions: { size: "12345", bad: "fail" } });
  kernel.receive(message, "shell");
  const content = (await answerTo(message)) as unknown as {
    user_expressions: Record<string, { status: string }>;
  };
  assert.deepEqual(content.user_expressions.size, {
    status: "ok",
    data: { "text/plain": "5" },
    metadata: {},
  });
  assert.equal(content.user_expressions.bad.status, "error");
});

test("unknown request types get no reply but still busy/idle", async () => {
  const { kernel, sent, published, request } = setup();
  kernel.receive(request("frobnicate_request", {}), "shell");
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(sent, []);
  assert.equal(published.length, 2);
});
