import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { displaySymbol } from "../../src/display.js";
import { IntSlider, Label } from "../../src/widgets/index.js";
import { FakeFrontend } from "./fake-frontend.js";

let frontend: FakeFrontend;
beforeEach(() => {
  frontend = new FakeFrontend().install();
});
afterEach(() => frontend.uninstall());

test("a widget opens a jupyter.widget comm whose id is its model id, after its layout and style", () => {
  const slider = new IntSlider({ value: 4 });
  const opens = frontend.sent.filter((m) => m.type === "comm_open");
  assert.equal(opens.length, 3);
  assert.deepEqual(
    opens.map((m) => (m.content.data as { state: { _model_name: string } }).state._model_name),
    ["LayoutModel", "SliderStyleModel", "IntSliderModel"],
  );
  assert.equal(opens[2]?.content.comm_id, slider.modelId);
  assert.deepEqual(opens[2]?.metadata, { version: "2.1.0" });
  const state = (opens[2]?.content.data as { state: Record<string, unknown> } | undefined)?.state ?? {};
  assert.equal(state.layout, `IPY_MODEL_${opens[0]?.content.comm_id}`);
  assert.equal(state.style, `IPY_MODEL_${opens[1]?.content.comm_id}`);
});

test("setting the value in the kernel sends only the change and tells the listeners", () => {
  const slider = new IntSlider({ value: 4 });
  const heard: [number, number][] = [];
  slider.onChange((value, old) => heard.push([value, old]));
  const from = frontend.sent.length;
  slider.value = 6;
  slider.value = 6; // unchanged: nothing sent, nobody told
  assert.deepEqual(frontend.messagesTo(slider.modelId, from), [
    { method: "update", state: { value: 6 }, buffer_paths: [] },
  ]);
  assert.deepEqual(heard, [[6, 4]]);
  assert.equal(slider.value, 6);
});

test("an update from the frontend is echoed, applied, and heard; unknown keys are ignored", () => {
  const slider = new IntSlider({ value: 4 });
  const heard: number[] = [];
  slider.onChange((value) => heard.push(value));
  const from = frontend.sent.length;
  frontend.update(slider.modelId, { value: 9, not_a_trait: 1 });
  assert.deepEqual(frontend.messagesTo(slider.modelId, from), [
    { method: "echo_update", state: { value: 9 }, buffer_paths: [] },
  ]);
  assert.equal(slider.value, 9);
  assert.deepEqual(heard, [9]);
  assert.equal(slider.state.not_a_trait, undefined);
});

test("hostile keys from the frontend are no traits: __proto__, inherited names and state that is no object", () => {
  const slider = new IntSlider({ value: 4 });
  const declared = Object.keys(slider.state);
  const from = frontend.sent.length;
  // as JSON.parse gives them: "__proto__" is an own key of the parsed object
  frontend.update(slider.modelId, JSON.parse('{"__proto__": {"polluted": true}}'));
  frontend.update(slider.modelId, JSON.parse('{"__proto__": null}'));
  frontend.update(slider.modelId, { polluted: 5 });
  for (const name of ["toString", "constructor", "hasOwnProperty", "valueOf", "__defineGetter__"]) {
    frontend.update(slider.modelId, { [name]: 1 });
  }
  for (const state of [null, [1, 2], "value", 7]) {
    frontend.send(slider.modelId, { method: "update", state, buffer_paths: [] });
  }
  assert.deepEqual(frontend.messagesTo(slider.modelId, from), [], "nothing echoed, nothing stored");
  assert.equal(Object.getPrototypeOf(slider.state), Object.prototype);
  assert.deepEqual(Object.keys(slider.state), declared);
  frontend.send(slider.modelId, { method: "request_state" });
  const [reply] = frontend.messagesTo(slider.modelId, from) as { state: Record<string, unknown> }[];
  assert.deepEqual(Object.keys(reply.state), declared);
  assert.equal(JSON.stringify(slider.embedded()).includes("polluted"), false);
  // a known key alongside hostile ones still gets through, alone
  frontend.update(slider.modelId, JSON.parse('{"__proto__": {"x": 1}, "toString": 2, "value": 7}'));
  assert.deepEqual(frontend.messagesTo(slider.modelId, from).slice(1), [
    { method: "echo_update", state: { value: 7 }, buffer_paths: [] },
  ]);
  assert.equal(slider.value, 7);
});

test("onChange returns its unsubscribe", () => {
  const slider = new IntSlider();
  const heard: number[] = [];
  const stop = slider.onChange((value) => heard.push(value));
  slider.value = 1;
  stop();
  slider.value = 2;
  assert.deepEqual(heard, [1]);
});

test("request_state is answered with the whole state", () => {
  const label = new Label({ value: "hi" });
  const from = frontend.sent.length;
  frontend.send(label.modelId, { method: "request_state" });
  const [answer] = frontend.messagesTo(label.modelId, from);
  assert.equal(answer?.method, "update");
  assert.deepEqual((answer as { state: Record<string, unknown> }).state.value, "hi");
  assert.deepEqual(answer?.state, label.state);
});

test("the control comm answers request_states with every live model", () => {
  const slider = new IntSlider({ value: 2 });
  frontend.manager.handleOpen({ comm_id: "control-1", target_name: "jupyter.widget.control" });
  const from = frontend.sent.length;
  frontend.send("control-1", { method: "request_states" });
  const [answer] = frontend.messagesTo("control-1", from);
  assert.equal(answer?.method, "update_states");
  const states = answer?.states as Record<string, { model_name: string; state: { value?: number } }>;
  assert.equal(states[slider.modelId]?.model_name, "IntSliderModel");
  assert.equal(states[slider.modelId]?.state.value, 2);
  assert.ok(
    Object.values(states).some((s) => s.model_name === "LayoutModel"),
    "the layout models are there too",
  );
});

test("close sends comm_close for the widget, its layout and style; a closed widget refuses changes", () => {
  const slider = new IntSlider();
  const layout = String(slider.state.layout).slice("IPY_MODEL_".length);
  slider.close();
  const closed = frontend.sent.filter((m) => m.type === "comm_close").map((m) => m.content.comm_id);
  assert.ok(closed.includes(slider.modelId) && closed.includes(layout) && closed.length === 3);
  assert.ok(slider.closed);
  assert.throws(() => {
    slider.value = 3;
  }, /IntSliderModel .* is closed: make a new widget/);
});

test("a comm_close from the frontend closes the widget", () => {
  const slider = new IntSlider();
  frontend.manager.handleClose({ comm_id: slider.modelId });
  assert.ok(slider.closed);
});

test("a failing listener is reported and the others still hear the change", (t) => {
  const errors: unknown[][] = [];
  t.mock.method(console, "error", (...args: unknown[]) => errors.push(args));
  const slider = new IntSlider();
  const heard: number[] = [];
  slider.onChange(() => {
    throw new Error("boom");
  });
  slider.onChange((value) => heard.push(value));
  frontend.update(slider.modelId, { value: 5 });
  assert.deepEqual(heard, [5]);
  assert.match(String(errors[0]?.[0]), /a listener of IntSlider\(value=5\) failed/);
});

test("a widget displays as a widget view with a text fallback", () => {
  const slider = new IntSlider({ value: 3, description: "k" });
  assert.deepEqual(slider[displaySymbol](), {
    "application/vnd.jupyter.widget-view+json": {
      version_major: 2,
      version_minor: 0,
      model_id: slider.modelId,
    },
    "text/plain": 'IntSlider(value=3, description="k")',
  });
});

test("outside a kernel widgets work unsynced", () => {
  frontend.uninstall();
  const slider = new IntSlider({ value: 1 });
  slider.value = 2;
  assert.equal(slider.value, 2);
  assert.match(slider.modelId, /^[0-9a-f]{32}$/);
  assert.equal(frontend.sent.length, 0);
});
