import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { offlineDrawing } from "../../src/widgets/drawings.js";
import * as widgets from "../../src/widgets/index.js";
import { FakeFrontend } from "./fake-frontend.js";

let frontend: FakeFrontend;
beforeEach(() => {
  frontend = new FakeFrontend().install();
});
afterEach(() => frontend.uninstall());

test("every widget the library exports that a notebook shows has an offline drawing", () => {
  const shown: widgets.Widget[] = [
    new widgets.IntSlider(),
    new widgets.FloatSlider(),
    new widgets.FloatLogSlider(),
    new widgets.Dropdown({ options: ["a"] }),
    new widgets.Checkbox(),
    new widgets.Text(),
    new widgets.Label(),
    new widgets.Button(),
    new widgets.Output(),
    new widgets.HBox(),
    new widgets.VBox(),
  ];
  const classes = Object.values(widgets).filter(
    (value) => typeof value === "function" && value.prototype instanceof widgets.Widget,
  );
  // Every concrete widget class is in the list above (abstract bases, Layout and Style are not shown on their own).
  const notShown = new Set<unknown>([
    widgets.ValueControl,
    widgets.Interactive,
    widgets.Layout,
    widgets.Style,
  ]);
  for (const cls of classes) {
    if (notShown.has(cls)) continue;
    assert.ok(
      shown.some((widget) => widget.constructor === cls),
      `${(cls as { name: string }).name} is missing from this test`,
    );
  }
  for (const widget of shown) {
    const name = String(widget.state._model_name);
    assert.ok(offlineDrawing(name), `${name} has no offline drawing`);
  }
  assert.equal(offlineDrawing("ColorPickerModel"), undefined);
  assert.equal(offlineDrawing("toString"), undefined);
});
