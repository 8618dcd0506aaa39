/** The dispatch alone, over a fake transport and a fake engine: the protocol is testable without TypeScript. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import type { Engine, Outcome } from "../../kernel/engine.js";
import { Kernel } from "../../kernel/kernel.js";
import { type Message, reply } from "../../kernel/protocol/wire.js";

class FakeEngine implements Engine {
  readonly ran: string[] = [];
  /** Cells whose last value is given here, by their code. */
  readonly values = new Map<string, unknown>();
  async execute(code: string): Promise<Outcome> {
    this.ran.push(code);
    if (code.startsWith("fail")) return { status: "error", ename: "Error", evalue: code, traceback: [code] };
    if (code === "broken engine") throw new TypeError("the engine broke its promise never to reject");
    if (this.values.has(code)) return { status: "ok", hasValue: true, value: this.values.get(code) };
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
  const logged: string[] = [];
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
  kernel.log = (line) => logged.push(line);
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
  return { kernel, engine, sent, published, logged, request, replyTo, answerTo };
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

test("a value whose display method or inspect.custom throws is an error output and reply; the queue goes on", async () => {
  const { kernel, engine, published, request, answerTo } = setup();
  engine.values.set("figure", {
    [Symbol.for("Jupyter.display")]() {
      throw new Error("display broke");
    },
  });
  engine.values.set("custom", {
    [inspect.custom]() {
      throw new RangeError("inspect broke");
    },
  });
  const figure = request("execute_request", { code: "figure", stop_on_error: false });
  const custom = request("execute_request", { code: "custom", stop_on_error: false });
  const after = request("execute_request", { code: "after" });
  for (const message of [figure, custom, after]) kernel.receive(message, "shell");
  const shown = await answerTo(figure);
  assert.deepEqual([shown.status, shown.ename, shown.evalue], ["error", "Error", "display broke"]);
  assert.equal((shown.traceback as string[])[0], "The cell's value could not be shown:");
  assert.deepEqual(
    [(await answerTo(custom)).ename, (await answerTo(custom)).evalue],
    ["RangeError", "inspect broke"],
  );
  assert.equal((await answerTo(after)).status, "ok", "the cell queued behind is answered");
  const errors = published.filter((m) => m.header.msg_type === "error");
  assert.equal(errors.length, 2, "each failure is an error output on IOPub");
});

test("a circular value and a BigInt are shown as Node shows them", async () => {
  const { kernel, engine, published, request, answerTo } = setup();
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  engine.values.set("loop", loop);
  engine.values.set("big", 10n);
  for (const code of ["loop", "big"]) {
    const message = request("execute_request", { code });
    kernel.receive(message, "shell");
    assert.equal((await answerTo(message)).status, "ok");
  }
  const texts = published
    .filter((m) => m.header.msg_type === "execute_result")
    .map((m) => (m.content as { data: Record<string, string> }).data["text/plain"]);
  assert.deepEqual(texts, ["<ref *1> { self: [Circular *1] }", "10n"]);
});

test("a handler that throws gets an error reply, logged; the cell queued behind is still answered", async () => {
  const { kernel, logged, published, request, answerTo } = setup();
  const broken = request("execute_request", { code: "broken engine" });
  const queued = request("execute_request", { code: "queued" });
  kernel.receive(broken, "shell");
  kernel.receive(queued, "shell");
  const answer = await answerTo(broken);
  assert.deepEqual([answer.status, answer.ename], ["error", "TypeError"]);
  assert.equal(typeof answer.execution_count, "number");
  const shown = published.filter((m) => m.header.msg_type === "error").map((m) => m.content);
  assert.deepEqual(shown, [{ ename: answer.ename, evalue: answer.evalue, traceback: answer.traceback }]);
  assert.equal((await answerTo(queued)).status, "ok");
  assert.ok(
    logged.some((line) => /execute_request failed: TypeError/.test(line)),
    logged.join("\n"),
  );
});

test("malformed signed requests are answered with an error naming what is wrong; the queue goes on", async () => {
  const { kernel, request, answerTo } = setup();
  const nullContent = request("execute_request", {});
  (nullContent as { content: unknown }).content = null;
  const noCode = request("complete_request", { cursor_pos: 1 });
  const badCursor = request("inspect_request", { code: "ab", cursor_pos: 7 });
  const queued = request("execute_request", { code: "queued" });
  for (const message of [nullContent, noCode, badCursor, queued]) kernel.receive(message, "shell");
  const first = await answerTo(nullContent);
  assert.deepEqual([first.status, first.ename], ["error", "BadRequest"]);
  assert.match(String(first.evalue), /execute_request: the content must be a JSON object, got null/);
  assert.match(
    String((await answerTo(noCode)).evalue),
    /complete_request: content.code must be a string, got undefined/,
  );
  assert.match(String((await answerTo(badCursor)).evalue), /cursor_pos must be a whole number from 0 to 2/);
  assert.equal((await answerTo(queued)).status, "ok");
});

test("a complete_request without cursor_pos completes at the end of the code, as ipykernel does", async () => {
  const { kernel, request, answerTo } = setup();
  const message = request("complete_request", { code: "Math.ma" });
  kernel.receive(message, "shell");
  assert.equal((await answerTo(message)).status, "ok");
});

test("a malformed control request is answered with an error; shutdown and interrupt keep working", async () => {
  const { kernel, request, answerTo } = setup();
  let shutdowns = 0;
  kernel.onShutdown = () => shutdowns++;
  const badShutdown = request("shutdown_request", {});
  (badShutdown as { content: unknown }).content = [1, 2];
  kernel.receive(badShutdown, "control");
  assert.equal((await answerTo(badShutdown)).ename, "BadRequest");
  assert.equal(shutdowns, 0, "a malformed shutdown_request shuts nothing down");
  const interrupt = request("interrupt_request", {});
  kernel.receive(interrupt, "control");
  assert.equal((await answerTo(interrupt)).status, "ok");
  const shutdown = request("shutdown_request", { restart: false });
  kernel.receive(shutdown, "control");
  assert.equal((await answerTo(shutdown)).status, "ok");
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(shutdowns, 1);
});

test("a malformed input_reply on stdin is logged, not thrown", () => {
  const { kernel, logged, request } = setup();
  const odd = request("input_reply", {});
  (odd as { content: unknown }).content = null;
  kernel.receive(odd, "stdin"); // nothing waits for input: ignored
  assert.deepEqual(logged, []);
});

test("reportStray writes even the unrenderable to stderr", async () => {
  const { kernel, published, request, answerTo } = setup();
  const cell = request("execute_request", { code: "x" });
  kernel.receive(cell, "shell");
  await answerTo(cell);
  const error = new Error("late");
  Object.defineProperty(error, "stack", {
    get() {
      throw new Error("stack getter");
    },
  });
  kernel.reportStray(error);
  kernel.reportStray(10n);
  kernel.flushOutputs();
  const stderr = published
    .filter((m) => m.header.msg_type === "stream")
    .map((m) => (m.content as { text: string }).text);
  assert.deepEqual(stderr, ["[object that cannot be inspected]\n10n\n"]);
});

test("outOfMemory interrupts the running cell; with none running, the last cell's stderr says it", async () => {
  const { kernel, engine, published, request, answerTo } = setup();
  const memory = Object.assign(new RangeError("memory ran out"), { name: "MemoryError" });
  let interrupts = 0;
  engine.interrupt = () => interrupts++;
  // a cell that awaits until interrupted, as tslab's race does; the engine's reply names the memory error
  engine.execute = async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    kernel.outOfMemory(memory);
    return { status: "error", ename: "MemoryError", evalue: "memory ran out", traceback: [] };
  };
  const cell = request("execute_request", { code: "await fill()" });
  kernel.receive(cell, "shell");
  assert.equal((await answerTo(cell)).ename, "MemoryError");
  assert.equal(interrupts, 1);
  kernel.outOfMemory(memory);
  kernel.flushOutputs();
  const stderr = published
    .filter((m) => m.header.msg_type === "stream")
    .map((m) => (m.content as { text: string }).text);
  assert.deepEqual(stderr, ["MemoryError: memory ran out\n"]);
  assert.equal(interrupts, 2);
});
