/**
 * The widget state a notebook saves (`metadata.widgets["application/vnd.jupyter.widget-state+json"]`), gathered from
 * the comm messages of a run as nbclient gathers it: a comm_open's `state` declares a model and its keys, and each
 * comm_msg that carries a `state` updates the keys that model declared (an own key of its state: never `__proto__`,
 * an inherited name or a key the model never had); the models with a `_model_name` are saved. A reopened notebook,
 * or nbconvert's HTML, then draws the controls as the run left them.
 */
import type { Message } from "../kernel/protocol/wire.js";
import { type EmbeddedModel, widgetStateMimeType } from "../src/widgets/protocol.js";

export interface WidgetStateMetadata {
  [widgetStateMimeType]: { version_major: 2; version_minor: 0; state: Record<string, EmbeddedModel> };
}

export class WidgetStates {
  readonly #states = new Map<string, Record<string, unknown>>();

  /** Takes the state a comm_open or comm_msg carries; other messages are ignored. */
  apply(message: Message<unknown>): void {
    const type = message.header.msg_type;
    if (type !== "comm_open" && type !== "comm_msg") return;
    const content = message.content as { comm_id?: unknown; data?: { state?: unknown } };
    const state = content.data?.state;
    if (typeof content.comm_id !== "string" || typeof state !== "object" || state === null) return;
    const entries = Object.entries(state);
    if (type === "comm_open") {
      // "__proto__" from JSON is an own key; Object.fromEntries would keep it as one and save it
      this.#states.set(content.comm_id, Object.fromEntries(entries.filter(([key]) => key !== "__proto__")));
      return;
    }
    const model = this.#states.get(content.comm_id);
    if (!model) return;
    for (const [key, value] of entries) if (Object.hasOwn(model, key)) model[key] = value;
  }

  /** The notebook metadata entry, or undefined when the run made no widget. */
  metadata(): WidgetStateMetadata | undefined {
    const state: Record<string, EmbeddedModel> = {};
    for (const [modelId, model] of this.#states) {
      if (!("_model_name" in model)) continue;
      state[modelId] = {
        model_name: String(model._model_name),
        model_module: String(model._model_module),
        model_module_version: String(model._model_module_version),
        state: model,
      };
    }
    if (Object.keys(state).length === 0) return undefined;
    return { [widgetStateMimeType]: { version_major: 2, version_minor: 0, state } };
  }
}
