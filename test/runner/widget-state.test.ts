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

test("a run without widgets has no widget metadata", () => {
  const states = new WidgetStates();
  states.apply(message("comm_msg", { comm_id: "x", data: { state: { value: 1 } } }));
  assert.equal(states.metadata(), undefined, "a state without a model name is not a widget");
});
