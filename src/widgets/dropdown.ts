/** A dropdown of values; its state holds the chosen index and the labels. */
import { escapeHtml } from "../plot/html.js";
import { controlModel, type DescribedOptions, describedState, domParts, ValueControl } from "./control.js";
import { describedHtml, type OfflineDrawing } from "./offline-html.js";
import type { ModelState } from "./protocol.js";

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

/** The saved dropdown, showing its chosen label. */
export const dropdownDrawing: OfflineDrawing = (state) => {
  const label = ((state._options_labels ?? []) as string[])[Number(state.index)] ?? "";
  return describedHtml(state, `<select disabled><option selected>${escapeHtml(label)}</option></select>`);
};
