/** A checkbox holding a boolean. */
import { controlModel, type DescribedOptions, describedState, domParts } from "./control.js";
import { describedHtml, type OfflineDrawing } from "./offline-html.js";
import { checkType, PlainValue } from "./plain-value.js";

export interface CheckboxOptions extends DescribedOptions {
  value?: boolean;
  disabled?: boolean;
  /** Line the box up with other controls' descriptions (default true). */
  indent?: boolean;
}

export class Checkbox extends PlainValue<boolean> {
  protected readonly valueType = "boolean";

  constructor(options: CheckboxOptions = {}) {
    const value = options.value ?? false;
    checkType("Checkbox", value, "boolean");
    const parts = domParts(options, "CheckboxStyleModel");
    super(
      controlModel("Checkbox"),
      {
        ...parts.state,
        ...describedState(options),
        disabled: options.disabled ?? false,
        indent: options.indent ?? true,
        value,
      },
      parts.owned,
    );
  }
}

/** The saved checkbox, ticked or not. */
export const checkboxDrawing: OfflineDrawing = (state) =>
  describedHtml(state, `<input type="checkbox" disabled${state.value === true ? " checked" : ""}>`);
