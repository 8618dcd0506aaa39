/** Text: a field the user types into, and a label the kernel writes. */
import { escapeHtml } from "../plot/html.js";
import { controlModel, type DescribedOptions, describedState, domParts } from "./control.js";
import { describedHtml, type OfflineDrawing } from "./offline-html.js";
import { checkType, PlainValue } from "./plain-value.js";

export interface TextOptions extends DescribedOptions {
  value?: string;
  /** Grey text shown while the field is empty. */
  placeholder?: string;
  disabled?: boolean;
  /** Send the text as it is typed (default), or only on Enter or leaving the field. */
  continuousUpdate?: boolean;
}

/** ipywidgets' placeholder default: a zero-width space. */
const noPlaceholder = "\u200b";

export class Text extends PlainValue<string> {
  protected readonly valueType = "string";

  constructor(options: TextOptions = {}) {
    const value = options.value ?? "";
    checkType("Text", value, "string");
    const parts = domParts(options, "TextStyleModel");
    super(
      controlModel("Text"),
      {
        ...parts.state,
        ...describedState(options),
        continuous_update: options.continuousUpdate ?? true,
        disabled: options.disabled ?? false,
        placeholder: options.placeholder ?? noPlaceholder,
        value,
      },
      parts.owned,
    );
  }
}

export interface LabelOptions extends DescribedOptions {
  value?: string;
}

/** A line of text the kernel can change: `label.value = "epoch 3"`. */
export class Label extends PlainValue<string> {
  protected readonly valueType = "string";

  constructor(options: LabelOptions = {}) {
    const value = options.value ?? "";
    checkType("Label", value, "string");
    const parts = domParts(options, "LabelStyleModel");
    super(
      controlModel("Label"),
      { ...parts.state, ...describedState(options), placeholder: noPlaceholder, value },
      parts.owned,
    );
  }
}

/** The saved text field, with its text. */
export const textDrawing: OfflineDrawing = (state) =>
  describedHtml(state, `<input type="text" disabled value="${escapeHtml(String(state.value ?? ""))}">`);

/** The saved label's text. */
export const labelDrawing: OfflineDrawing = (state) =>
  describedHtml(state, `<span>${escapeHtml(String(state.value ?? ""))}</span>`);
