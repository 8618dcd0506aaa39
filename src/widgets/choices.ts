/**
 * Controls that hold a choice or a text: dropdown, checkbox, text field, label, and the button, whose clicks arrive
 * as `custom` messages `{ event: "click" }`.
 */
import { type DescribedOptions, describedState, domParts, ValueControl } from "./control.js";
import { controlsModule, type ModelState } from "./protocol.js";
import { Widget } from "./widget.js";

const controlModel = (name: string) => ({
  modelName: `${name}Model`,
  modelModule: controlsModule,
  viewName: `${name}View`,
  viewModule: controlsModule,
});

export interface DropdownOptions<T> extends DescribedOptions {
  /** The choices: values shown as `String(value)`, or `[label, value]` pairs. */
  options: readonly T[] | readonly (readonly [string, T])[];
  /** The chosen value (default: the first). */
  value?: T;
  disabled?: boolean;
}

/** A dropdown of values: `new Dropdown({ options: ["sgd", "exp"], value: "exp" })`. The state holds the index. */
export class Dropdown<T> extends ValueControl<T> {
  protected readonly valueKey = "index";
  readonly #values: readonly T[];
  readonly #labels: readonly string[];

  constructor(options: DropdownOptions<T>) {
    const pairs = labelled(options.options);
    if (pairs.length === 0) throw new RangeError("Dropdown needs at least one option");
    const labels = pairs.map(([label]) => label);
    const values = pairs.map(([, value]) => value);
    const index = options.value === undefined ? 0 : indexOf(values, labels, options.value);
    const parts = domParts(options, "DescriptionStyleModel");
    super(
      controlModel("Dropdown"),
      {
        ...parts.state,
        ...describedState(options),
        _options_labels: labels,
        disabled: options.disabled ?? false,
        index,
      },
      parts.owned,
    );
    this.#values = values;
    this.#labels = labels;
  }

  /** The values to choose from, in order. */
  get options(): readonly T[] {
    return this.#values;
  }

  protected decode(state: Readonly<ModelState>): T {
    return this.#values[state.index as number] as T;
  }

  protected encode(value: T): ModelState {
    return { index: indexOf(this.#values, this.#labels, value) };
  }

  protected override fromFrontend(changes: ModelState): ModelState {
    const index = changes.index;
    if (Number.isInteger(index) && (index as number) >= 0 && (index as number) < this.#values.length)
      return changes;
    const { index: _ignored, ...rest } = changes;
    return rest;
  }
}

function labelled<T>(options: readonly T[] | readonly (readonly [string, T])[]): [string, T][] {
  if (!Array.isArray(options))
    throw new TypeError("Dropdown options must be an array of values or [label, value] pairs");
  return options.map((option) =>
    Array.isArray(option) && option.length === 2 && typeof option[0] === "string"
      ? [option[0], option[1] as T]
      : [String(option), option as T],
  );
}

function indexOf<T>(values: readonly T[], labels: readonly string[], value: T): number {
  const index = values.findIndex((candidate) => Object.is(candidate, value));
  if (index < 0)
    throw new RangeError(
      `Dropdown has no option ${JSON.stringify(value)}: choose one of ${labels.join(", ")}`,
    );
  return index;
}

function checkType(control: string, value: unknown, type: "boolean" | "string"): void {
  if (typeof value !== type)
    throw new TypeError(`${control} value must be a ${type}, got ${JSON.stringify(value)}`);
}

/** A value control whose value is its `value` state, of one JSON type. */
abstract class PlainValue<T extends boolean | string> extends ValueControl<T> {
  protected readonly valueKey = "value";
  protected abstract readonly valueType: "boolean" | "string";

  protected decode(state: Readonly<ModelState>): T {
    return state.value as T;
  }

  protected encode(value: T): ModelState {
    checkType(String(this.state._model_name).replace(/Model$/, ""), value, this.valueType);
    return { value };
  }

  protected override fromFrontend(changes: ModelState): ModelState {
    if (!("value" in changes) || typeof changes.value === this.valueType) return changes;
    const { value: _ignored, ...rest } = changes;
    return rest;
  }
}

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

export interface ButtonOptions extends DescribedOptions {
  disabled?: boolean;
  buttonStyle?: "" | "primary" | "success" | "info" | "warning" | "danger";
  /** A Font Awesome icon name, e.g. "check". */
  icon?: string;
}

/** A button: `button.onClick(() => ...)`. */
export class Button extends Widget {
  constructor(options: ButtonOptions = {}) {
    const parts = domParts(options, "ButtonStyleModel");
    super(
      controlModel("Button"),
      {
        ...parts.state,
        button_style: options.buttonStyle ?? "",
        description: options.description ?? "",
        disabled: options.disabled ?? false,
        icon: options.icon ?? "",
      },
      parts.owned,
    );
  }

  /** Calls `listener` on every click in the frontend; returns the unsubscribe. */
  onClick(listener: () => void): () => void {
    return this.onCustomMessage((content) => {
      if (content.event === "click") listener();
    });
  }

  protected override describe(): string {
    return `description=${JSON.stringify(this.state.description)}`;
  }
}
