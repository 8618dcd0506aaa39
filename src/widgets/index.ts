/**
 * Jupyter widgets from TypeScript: sliders, dropdown, checkbox, button, text, label, output and boxes that
 * JupyterLab's and Notebook 7's widget manager (pip `ipywidgets`) draws, kept in sync both ways, and `interact`.
 *
 * @example
 *   import { widgets } from "explr";
 *   const k = new widgets.IntSlider({ value: 3, min: 1, max: 10, description: "k" });
 *   k.onChange((value) => console.log("k is now", value));
 *   k;   // the cell shows the slider
 */

export { type BoxOptions, HBox, VBox } from "./box.js";
export { Button, type ButtonOptions } from "./button.js";
export { Checkbox, type CheckboxOptions } from "./checkbox.js";
export { type DescribedOptions, type DomOptions, ValueControl } from "./control.js";
export { Dropdown, type DropdownOptions } from "./dropdown.js";
export {
  type Controls,
  Interactive,
  type InteractOptions,
  interact,
  type Render,
  type ValuesOf,
} from "./interact.js";
export { Layout, type LayoutOptions, Style, type StyleOptions } from "./layout.js";
export { Output, type OutputRecord } from "./output.js";
export { type EmbeddedModel, type ModelState, widgetStateMimeType, widgetViewMimeType } from "./protocol.js";
export {
  FloatLogSlider,
  FloatSlider,
  IntSlider,
  type LogSliderOptions,
  type SliderOptions,
} from "./sliders.js";
export { Label, type LabelOptions, Text, type TextOptions } from "./text.js";
export { Widget } from "./widget.js";
