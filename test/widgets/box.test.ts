import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { HBox, IntSlider, Label, VBox } from "../../src/widgets/index.js";
import { FakeFrontend } from "./fake-frontend.js";
import { assertSameAsIpywidgets } from "./ipywidgets-reference.js";

let frontend: FakeFrontend;
beforeEach(() => {
  frontend = new FakeFrontend().install();
});
afterEach(() => frontend.uninstall());

test("empty boxes open the models ipywidgets opens", () => {
  assertSameAsIpywidgets(frontend, new HBox(), "HBox");
  assertSameAsIpywidgets(frontend, new VBox(), "VBox");
});

test("a box refers to its children by model id, and can change them", () => {
  const slider = new IntSlider();
  const label = new Label();
  const row = new HBox([slider, label]);
  assert.deepEqual(row.state.children, [`IPY_MODEL_${slider.modelId}`, `IPY_MODEL_${label.modelId}`]);
  const from = frontend.sent.length;
  row.children = [label];
  assert.deepEqual(frontend.messagesTo(row.modelId, from), [
    { method: "update", state: { children: [`IPY_MODEL_${label.modelId}`] }, buffer_paths: [] },
  ]);
  assert.deepEqual(row.children, [label]);
  assert.throws(() => new VBox([slider, 3 as never]), /VBox children must be widgets, got 3/);
});
