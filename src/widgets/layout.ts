/**
 * The Layout and Style models every control points to (`layout: "IPY_MODEL_<id>"`): CSS properties of its view, all
 * unset (`null`) unless given. Each control has a style model of its own kind; the names and keys are ipywidgets'.
 */
import { baseModule, controlsModule, type ModelState } from "./protocol.js";
import { Widget } from "./widget.js";

const layoutKeys = [
  "align_content",
  "align_items",
  "align_self",
  "border_bottom",
  "border_left",
  "border_right",
  "border_top",
  "bottom",
  "display",
  "flex",
  "flex_flow",
  "grid_area",
  "grid_auto_columns",
  "grid_auto_flow",
  "grid_auto_rows",
  "grid_column",
  "grid_gap",
  "grid_row",
  "grid_template_areas",
  "grid_template_columns",
  "grid_template_rows",
  "height",
  "justify_content",
  "justify_items",
  "left",
  "margin",
  "max_height",
  "max_width",
  "min_height",
  "min_width",
  "object_fit",
  "object_position",
  "order",
  "overflow",
  "padding",
  "right",
  "top",
  "visibility",
  "width",
] as const;

/** CSS of a control's box, by ipywidgets' names: `{ width: "400px", margin: "0 0 0 2em" }`. */
export type LayoutOptions = Partial<Record<(typeof layoutKeys)[number], string>>;

export class Layout extends Widget {
  constructor(options: LayoutOptions = {}) {
    for (const key of Object.keys(options)) {
      if (!(layoutKeys as readonly string[]).includes(key)) {
        throw new TypeError(`Layout has no property "${key}": use one of ${layoutKeys.join(", ")}`);
      }
    }
    super(
      {
        modelName: "LayoutModel",
        modelModule: baseModule,
        viewName: "LayoutView",
        viewModule: baseModule,
      },
      { ...Object.fromEntries(layoutKeys.map((key) => [key, null])), ...options },
    );
  }
}

const fontKeys = ["font_family", "font_size", "font_style", "font_variant", "font_weight"] as const;
const textDecoration = ["text_color", "text_decoration"] as const;
const unset = (keys: readonly string[]): ModelState => Object.fromEntries(keys.map((key) => [key, null]));

/** The style models of the controls here, with their keys' defaults. */
const styleStates = {
  DescriptionStyleModel: { description_width: "" },
  SliderStyleModel: { description_width: "", handle_color: null },
  CheckboxStyleModel: { background: null, description_width: "" },
  ButtonStyleModel: { button_color: null, ...unset(fontKeys), ...unset(textDecoration) },
  TextStyleModel: { background: null, description_width: "", font_size: null, text_color: null },
  LabelStyleModel: { background: null, description_width: "", ...unset(fontKeys), ...unset(textDecoration) },
} satisfies Record<string, ModelState>;

export type StyleModelName = keyof typeof styleStates;

/** Style of a control: `{ description_width: "initial" }` and, by control, colors and fonts (ipywidgets' names). */
export type StyleOptions = Record<string, string | null>;

export class Style extends Widget {
  constructor(modelName: StyleModelName, options: StyleOptions = {}) {
    const defaults: ModelState = styleStates[modelName];
    for (const key of Object.keys(options)) {
      if (!Object.hasOwn(defaults, key)) {
        throw new TypeError(
          `${modelName} has no property "${key}": use one of ${Object.keys(defaults).join(", ")}`,
        );
      }
    }
    super(
      { modelName, modelModule: controlsModule, viewName: "StyleView", viewModule: baseModule },
      { ...defaults, ...options },
    );
  }
}
