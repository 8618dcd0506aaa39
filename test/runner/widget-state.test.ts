import assert from "node:assert/strict";
import { test } from "node:test";
import type { Message } from "../../kernel/protocol/wire.js";
import { WidgetStates } from "../../runner/widget-state.js";

const message = (msg_type: string, content: Record<string, unknown>) =>
  ({ header: { msg_type }, content }) as unknown as Message<unknown>;

test("comm_open and update messages build the saved state; custom messages and other comms' data are ignored", () => {
  const states = new WidgetStates();
  states.apply(
    message("comm_open", {
      comm_id: "m1",
      target_name: "jupyter.widget",
      data: {
        state: {
          _model_name: "IntSliderModel",
          _model_module: "@jupyter-widgets/controls",
          _model_module_version: "2.0.0",
          value: 1,
          max: 9,
        },
        buffer_paths: [],
      },
    }),
  );
  states.apply(message("comm_msg", { comm_id: "m1", data: { method: "update", state: { value: 4 } } }));
  states.apply(message("comm_msg", { comm_id: "m1", data: { method: "custom", content: { value: 8 } } }));
  states.apply(message("comm_open", { comm_id: "other", target_name: "x", data: { no: "state" } }));
  states.apply(message("stream", { name: "stdout", text: "hi" }));
  assert.deepEqual(states.metadata(), {
    "application/vnd.jupyter.widget-state+json": {
      version_major: 2,
      version_minor: 0,
      state: {
        m1: {
          model_name: "IntSliderModel",
          model_module: "@jupyter-widgets/controls",
          model_module_version: "2.0.0",
          state: {
            _model_name: "IntSliderModel",
            _model_module: "@jupyter-widgets/controls",
            _model_module_version: "2.0.0",
            value: 4,
            max: 9,
          },
        },
      },
    },
  });
});

test("updates change only the keys the comm_open declared: no __proto__, inherited names or new keys", () => {
  const states = new WidgetStates();
  const opened = JSON.parse(
    '{"_model_name":"IntSliderModel","_model_module":"m","_model_module_version":"1","value":1,"__proto__":{"x":1}}',
  );
  states.apply(message("comm_open", { comm_id: "m1", data: { state: opened } }));
  const hostile = JSON.parse(
    '{"__proto__":{"polluted":true},"toString":"x","constructor":1,"hasOwnProperty":2,"fresh":3,"value":5}',
  );
  states.apply(message("comm_msg", { comm_id: "m1", data: { method: "update", state: hostile } }));
  states.apply(message("comm_msg", { comm_id: "m1", data: { method: "update", state: { polluted: 6 } } }));
  states.apply(message("comm_msg", { comm_id: "never-opened", data: { state: { _model_name: "X" } } }));
  const saved = states.metadata()?.["application/vnd.jupyter.widget-state+json"].state ?? {};
  assert.deepEqual(Object.keys(saved), ["m1"]);
  const model = saved.m1.state;
  assert.deepEqual(Object.keys(model), ["_model_name", "_model_module", "_model_module_version", "value"]);
  assert.equal(model.value, 5);
  assert.equal(Object.getPrototypeOf(model), Object.prototype, "the prototype is untouched");
  assert.equal(JSON.stringify(model).includes("__proto__"), false);
});

test("a run without widgets has no widget metadata", () => {
  const states = new WidgetStates();
  states.apply(message("comm_msg", { comm_id: "x", data: { state: { value: 1 } } }));
  assert.equal(states.metadata(), undefined, "a state without a model name is not a widget");
});
