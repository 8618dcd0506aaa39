/** The base of controls whose value is their `value` state, of one JSON type (checkbox, text, label). */
import { ValueControl } from "./control.js";
import type { ModelState } from "./protocol.js";

/** Refuses a value of another JSON type than the control holds, naming the control. */
export function checkType(control: string, value: unknown, type: "boolean" | "string"): void {
  if (typeof value !== type)
    throw new TypeError(`${control} value must be a ${type}, got ${JSON.stringify(value)}`);
}

/** A value control whose value is its `value` state, of one JSON type. */
export abstract class PlainValue<T extends boolean | string> extends ValueControl<T> {
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
