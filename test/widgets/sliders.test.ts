import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { FloatLogSlider, FloatSlider, IntSlider, type LogSliderOptions } from "../../src/widgets/index.js";
import { FakeFrontend } from "./fake-frontend.js";
import { assertSameAsIpywidgets, referenceCase } from "./ipywidgets-reference.js";

let frontend: FakeFrontend;
beforeEach(() => {
  frontend = new FakeFrontend().install();
});
afterEach(() => frontend.uninstall());

const sliders = { IntSlider, FloatSlider, FloatLogSlider } as const;

for (const name of [
  "IntSlider",
  "IntSlider-configured",
  "FloatSlider",
  "FloatSlider-configured",
  "FloatLogSlider",
  "FloatLogSlider-configured",
]) {
  test(`${name} opens the model ipywidgets opens`, () => {
    const reference = referenceCase(name);
    const Slider = sliders[reference.control as keyof typeof sliders];
    assertSameAsIpywidgets(frontend, new Slider(reference.explrOptions as LogSliderOptions), name);
  });
}

test("values outside the range are clamped, from either side", () => {
  const slider = new FloatSlider({ value: 5, min: 0, max: 1 });
  assert.equal(slider.value, 1);
  slider.value = -3;
  assert.equal(slider.value, 0);
  const from = frontend.sent.length;
  frontend.update(slider.modelId, { value: 7 });
  assert.equal(slider.value, 1);
  assert.deepEqual(
    frontend.messagesTo(slider.modelId, from),
    [
      { method: "echo_update", state: { value: 7 }, buffer_paths: [] },
      { method: "update", state: { value: 1 }, buffer_paths: [] },
    ],
    "the frontend gets the clamped value back",
  );
});

test("an integer slider takes only integers from the kernel and rounds the frontend's", () => {
  const slider = new IntSlider({ value: 2 });
  assert.throws(() => {
    slider.value = 2.5;
  }, /IntSlider value must be a finite integer, got 2.5/);
  assert.throws(() => new IntSlider({ step: 0.5 }), /IntSlider step must be a finite integer/);
  frontend.update(slider.modelId, { value: 3.4 });
  assert.equal(slider.value, 3);
  frontend.update(slider.modelId, { value: "x" });
  assert.equal(slider.value, 3, "a non-number from the frontend is ignored");
});

test("bad bounds are refused with the reason", () => {
  assert.throws(() => new FloatSlider({ min: 2, max: 1 }), /FloatSlider min \(2\) must not exceed max \(1\)/);
  assert.throws(() => new FloatSlider({ step: 0 }), /FloatSlider step must be positive/);
  assert.throws(() => new FloatSlider({ value: Number.NaN }), /FloatSlider value must be a finite number/);
  assert.throws(() => new FloatLogSlider({ base: 1 }), /base must be positive and not 1/);
});

test("a log slider's bounds are exponents: its value stays within base^min and base^max", () => {
  const slider = new FloatLogSlider({ value: 1e-3, min: -5, max: -1 });
  assert.equal(slider.value, 1e-3);
  slider.value = 5;
  assert.equal(slider.value, 0.1);
  frontend.update(slider.modelId, { value: 1e-9 });
  assert.equal(slider.value, 1e-5);
});
