import assert from "node:assert/strict";
import { test } from "node:test";
import { Layout, Style } from "../../src/widgets/index.js";

test("a layout takes ipywidgets' CSS names and refuses others", () => {
  assert.equal(new Layout({ width: "400px" }).state.width, "400px");
  assert.equal(new Layout().state.height, null);
  assert.throws(() => new Layout({ colour: "red" } as never), /Layout has no property "colour": use one of/);
});

test("a style takes its model's keys only", () => {
  assert.equal(
    new Style("SliderStyleModel", { description_width: "initial" }).state.description_width,
    "initial",
  );
  assert.throws(
    () => new Style("SliderStyleModel", { font_size: "12px" }),
    /SliderStyleModel has no property "font_size": use one of description_width, handle_color/,
  );
  assert.throws(
    () => new Style("SliderStyleModel", { toString: "x" }),
    /SliderStyleModel has no property "toString"/,
  );
});
