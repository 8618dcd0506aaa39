/** A cell's run on its own: what it publishes, in order, and the reply it makes, over a fake engine. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { CellOutputs } from "../../kernel/cell-outputs.js";
import { CellRunner } from "../../kernel/cell-runner.js";
import type { Engine, Outcome } from "../../kernel/engine.js";
import { History } from "../../kernel/history.js";
import { type Message, reply } from "../../kernel/protocol/wire.js";

function setup(outcome: (code: string, outputs: CellOutputs) => Outcome) {
  const published: [string, Record<string, unknown>][] = [];
  const history = new History();
  const outputs = new CellOutputs((type, content) => published.push([type, content]));
  const engine = {
    execute: async (code: string) => outcome(code, outputs),
  } as unknown as Engine;
  const cells = new CellRunner(
    () => engine,
    history,
    outputs,
    async (type, content) => {
      published.push([type, content]);
    },
  );
  const request = (content: Record<string, unknown>) =>
    reply(undefined, "execute_request", content, "client") as Message;
  return { cells, published, history, request };
}

test("a cell with a value: execute_input, execute_result, an ok reply; the count and the history grow", async () => {
  const { cells, published, history, request } = setup(() => ({ status: "ok", hasValue: true, value: 42 }));
  const { content, stopQueued } = await cells.execute(request({ code: "40 + 2" }));
  assert.deepEqual(
    published.map(([type]) => type),
    ["execute_input", "execute_result"],
  );
  assert.deepEqual(content, { status: "ok", execution_count: 1, payload: [], user_expressions: {} });
  assert.equal(stopQueued, false);
  assert.equal(cells.executionCount, 1);
  assert.deepEqual(history.query({ hist_access_type: "tail", n: 1, output: true }), [
    [1, 1, ["40 + 2", "42"]],
  ]);
});

test("a failed cell publishes its error and asks to stop the queue unless stop_on_error is false", async () => {
  const failing = () => ({
    status: "error" as const,
    ename: "RangeError",
    evalue: "no",
    traceback: ["RangeError: no"],
  });
  const { cells, published, request } = setup(failing);
  const stopped = await cells.execute(request({ code: "fail" }));
  assert.equal(stopped.stopQueued, true);
  assert.deepEqual(stopped.content, {
    ename: "RangeError",
    evalue: "no",
    traceback: ["RangeError: no"],
    status: "error",
    execution_count: 1,
  });
  assert.equal(published.filter(([type]) => type === "error").length, 1);
  assert.equal((await cells.execute(request({ code: "fail", stop_on_error: false }))).stopQueued, false);
});

test("a value whose display throws is the cell's error; a silent cell shows nothing and counts nothing", async () => {
  const unshowable = {
    [Symbol.for("Jupyter.display")]() {
      throw new TypeError("cannot draw");
    },
  };
  const { cells, published, request } = setup(() => ({ status: "ok", hasValue: true, value: unshowable }));
  const { content } = await cells.execute(request({ code: "figure" }));
  assert.deepEqual([content.status, content.ename, content.evalue], ["error", "TypeError", "cannot draw"]);
  published.length = 0;
  const silent = await cells.execute(request({ code: "figure", silent: true }));
  assert.equal(silent.content.status, "ok", "a silent cell's value is not rendered");
  assert.deepEqual(published, []);
  assert.equal(cells.executionCount, 1);
});

test("a value the cell displayed already is not its result again; one displayed by an earlier cell is", async () => {
  const view = { [Symbol.for("Jupyter.display")]: () => ({ "text/plain": "view" }) };
  const { cells, published, request } = setup((code, outputs) => {
    if (code === "show and return") outputs.display({ data: { "text/plain": "view" } }, {}, view);
    return { status: "ok", hasValue: true, value: view };
  });
  await cells.execute(request({ code: "show and return" }));
  assert.deepEqual(
    published.map(([type]) => type),
    ["execute_input", "display_data"],
  );
  published.length = 0;
  await cells.execute(request({ code: "return" }));
  assert.deepEqual(
    published.map(([type]) => type),
    ["execute_input", "execute_result"],
  );
});

test("a request without a string code is refused before anything runs", async () => {
  const { cells, published, request } = setup(() => assert.fail("nothing runs"));
  await assert.rejects(cells.execute(request({ code: 3 })), /content.code must be a string, got 3/);
  assert.deepEqual(published, []);
});

test("abort() aborts the running cell's signal; a new cell gets a fresh one", async () => {
  const { cells, request } = setup(() => ({ status: "ok", hasValue: false }));
  await cells.execute(request({ code: "" }));
  const first = cells.signal;
  cells.abort(new Error("interrupted"));
  assert.equal(first.aborted, true);
  await cells.execute(request({ code: "" }));
  assert.equal(cells.signal.aborted, false);
});
