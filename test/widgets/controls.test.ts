/** Dropdown, Checkbox, Text, Label and Button (dropdown.ts, checkbox.ts, text.ts, button.ts). */
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { Button, Checkbox, Dropdown, Label, Text } from "../../src/widgets/index.js";
import { FakeFrontend } from "./fake-frontend.js";
import { assertSameAsIpywidgets, referenceCase } from "./ipywidgets-reference.js";

let frontend: FakeFrontend;
beforeEach(() => {
  frontend = new FakeFrontend().install();
});
afterEach(() => frontend.uninstall());

const make = {
  Dropdown: (options: Record<string, unknown>) =>
    new Dropdown({ options: [], ...options } as unknown as ConstructorParameters<
      typeof Dropdown<unknown>
    >[0]),
  Checkbox: (options: Record<string, unknown>) => new Checkbox(options),
  Button: (options: Record<string, unknown>) => new Button(options),
  Text: (options: Record<string, unknown>) => new Text(options),
  Label: (options: Record<string, unknown>) => new Label(options),
};

for (const name of [
  "Dropdown-configured",
  "Checkbox",
  "Checkbox-configured",
  "Button",
  "Button-configured",
  "Text",
  "Text-configured",
  "Label",
  "Label-configured",
]) {
  test(`${name} opens the model ipywidgets opens`, () => {
    const reference = referenceCase(name);
    const widget = make[reference.control as keyof typeof make](reference.explrOptions);
    assertSameAsIpywidgets(frontend, widget, name);
  });
}

test("a dropdown's value is one of its options; the frontend moves its index", () => {
  const schedule = new Dropdown({
    options: [
      ["step decay", "step"],
      ["exponential", "exp"],
    ],
    value: "exp",
  });
  assert.equal(schedule.value, "exp");
  assert.deepEqual(schedule.state._options_labels, ["step decay", "exponential"]);
  const heard: string[] = [];
  schedule.onChange((value) => heard.push(value));
  frontend.update(schedule.modelId, { index: 0 });
  assert.equal(schedule.value, "step");
  frontend.update(schedule.modelId, { index: 7 });
  assert.equal(schedule.value, "step", "an index out of range is ignored");
  const from = frontend.sent.length;
  schedule.value = "exp";
  assert.deepEqual(frontend.messagesTo(schedule.modelId, from), [
    { method: "update", state: { index: 1 }, buffer_paths: [] },
  ]);
  assert.deepEqual(heard, ["step", "exp"]);
  assert.throws(() => {
    schedule.value = "cosine";
  }, /Dropdown has no option "cosine": choose one of step decay, exponential/);
  assert.throws(() => new Dropdown({ options: [] }), /Dropdown needs at least one option/);
});

test("checkbox and text take values of their type only", () => {
  const box = new Checkbox();
  const text = new Text();
  assert.throws(() => {
    box.value = "yes" as unknown as boolean;
  }, /Checkbox value must be a boolean, got "yes"/);
  frontend.update(text.modelId, { value: "typed" });
  assert.equal(text.value, "typed");
  frontend.update(text.modelId, { value: 3 });
  assert.equal(text.value, "typed", "a number from the frontend is ignored");
});

test("a button hears the frontend's clicks until unsubscribed", () => {
  const button = new Button({ description: "run" });
  let clicks = 0;
  const stop = button.onClick(() => clicks++);
  frontend.send(button.modelId, { method: "custom", content: { event: "click" } });
  frontend.send(button.modelId, { method: "custom", content: { event: "hover" } });
  stop();
  frontend.send(button.modelId, { method: "custom", content: { event: "click" } });
  assert.equal(clicks, 1);
});
