import assert from "node:assert/strict";
import { test } from "node:test";
import type { Message } from "../../kernel/protocol/wire.js";
import { NotebookOutputs, type OutputCell } from "../../runner/notebook-outputs.js";

const message = (msgType: string, content: Record<string, unknown>): Message<unknown> => ({
  identities: [],
  header: { msg_id: "m", msg_type: msgType, session: "s", username: "u", date: "", version: "5.3" },
  parent_header: {},
  metadata: {},
  content,
  buffers: [],
});
const cell = (): OutputCell => ({ outputs: [], execution_count: null });
const text = (value: string) => ({ data: { "text/plain": value }, metadata: {} });
const shown = (c: OutputCell) =>
  c.outputs.map((o) => ("data" in o ? (o.data["text/plain"] as string) : "text" in o ? o.text : o.ename));

test("streams, displays, results and errors are appended in order; execution_count is taken", () => {
  const outputs = new NotebookOutputs();
  const c = cell();
  outputs.apply(c, message("execute_input", { code: "x", execution_count: 4 }));
  outputs.apply(c, message("stream", { name: "stdout", text: "a\n" }));
  outputs.apply(c, message("stream", { name: "stdout", text: "b\n" }));
  outputs.apply(c, message("display_data", text("shown")));
  outputs.apply(c, message("execute_result", { ...text("42"), execution_count: 4 }));
  outputs.apply(c, message("error", { ename: "Error", evalue: "boom", traceback: ["Error: boom"] }));
  outputs.apply(c, message("status", { execution_state: "idle" }));
  assert.equal(c.execution_count, 4);
  assert.deepEqual(shown(c), ["a\n", "b\n", "shown", "42", "Error"]);
  assert.deepEqual(c.outputs[3], {
    output_type: "execute_result",
    data: { "text/plain": "42" },
    metadata: {},
    execution_count: 4,
  });
});

test("update_display_data replaces every output with that display_id, also in earlier cells, and adds none", () => {
  const outputs = new NotebookOutputs();
  const first = cell();
  const second = cell();
  outputs.apply(first, message("display_data", { ...text("step 0"), transient: { display_id: "p" } }));
  outputs.apply(first, message("display_data", { ...text("other"), transient: { display_id: "q" } }));
  outputs.apply(second, message("display_data", { ...text("step 0 again"), transient: { display_id: "p" } }));
  outputs.apply(
    second,
    message("update_display_data", { ...text("step 2"), transient: { display_id: "p" } }),
  );
  assert.deepEqual(shown(first), ["step 2", "other"]);
  assert.deepEqual(shown(second), ["step 2"]);
  outputs.apply(
    second,
    message("update_display_data", { ...text("unknown"), transient: { display_id: "z" } }),
  );
  assert.deepEqual(shown(second), ["step 2"], "an update of an id never shown adds nothing");
});

test("clear_output empties the cell now, or with wait just before the next output", () => {
  const outputs = new NotebookOutputs();
  const c = cell();
  outputs.apply(c, message("stream", { name: "stdout", text: "1\n" }));
  outputs.apply(c, message("clear_output", { wait: false }));
  assert.deepEqual(shown(c), []);
  outputs.apply(c, message("stream", { name: "stdout", text: "2\n" }));
  outputs.apply(c, message("clear_output", { wait: true }));
  assert.deepEqual(shown(c), ["2\n"], "wait: kept until the next output");
  outputs.apply(c, message("stream", { name: "stdout", text: "3\n" }));
  assert.deepEqual(shown(c), ["3\n"]);
});

test("a cleared display is no longer updated; a pending clear does not reach the next cell", () => {
  const outputs = new NotebookOutputs();
  const c = cell();
  outputs.apply(c, message("display_data", { ...text("old"), transient: { display_id: "p" } }));
  outputs.apply(c, message("clear_output", { wait: false }));
  outputs.apply(c, message("stream", { name: "stdout", text: "kept\n" }));
  outputs.apply(c, message("update_display_data", { ...text("new"), transient: { display_id: "p" } }));
  assert.deepEqual(shown(c), ["kept\n"]);
  outputs.apply(c, message("clear_output", { wait: true }));
  outputs.startCell();
  const next = cell();
  outputs.apply(next, message("stream", { name: "stdout", text: "x\n" }));
  assert.deepEqual(shown(c), ["kept\n"]);
  assert.deepEqual(shown(next), ["x\n"]);
});
