/**
 * What the visible widgets share: a layout (and, for most, a style) model of their own, a tooltip, and for
 * controls a typed `value` with change subscriptions, whichever side changed it.
 */
import { Layout, type LayoutOptions, Style, type StyleModelName, type StyleOptions } from "./layout.js";
import { controlsModule, type ModelState, modelReference } from "./protocol.js";
import { Widget } from "./widget.js";

export interface DomOptions {
  /** CSS of the widget's box: `{ width: "400px" }`. */
  layout?: LayoutOptions;
  tooltip?: string;
}

export interface DescribedOptions extends DomOptions {
  /** The label beside the control. */
  description?: string;
  /** `{ description_width: "initial" }` keeps a long description from being cut. */
  style?: StyleOptions;
}

/** The state of a DOM widget (layout, style, tooltip) and the models made for it, to pass to `Widget`. */
export function domParts(
  options: DomOptions & { style?: StyleOptions },
  styleModel?: StyleModelName,
): { state: ModelState; owned: Widget[] } {
  const layout = new Layout(options.layout);
  const state: ModelState = {
    _dom_classes: [],
    layout: modelReference(layout.modelId),
    tabbable: null,
    tooltip: options.tooltip ?? null,
  };
  if (!styleModel) return { state, owned: [layout] };
  const style = new Style(styleModel, options.style);
  state.style = modelReference(style.modelId);
  return { state, owned: [layout, style] };
}

/** The frontend classes of a model of `@jupyter-widgets/controls`: `<name>Model` drawn by `<name>View`. */
export const controlModel = (name: string) => ({
  modelName: `${name}Model`,
  modelModule: controlsModule,
  viewName: `${name}View`,
  viewModule: controlsModule,
});

/** A control's description state (ipywidgets' `DescriptionWidget`). */
export function describedState(options: DescribedOptions): ModelState {
  return { description: options.description ?? "", description_allow_html: false };
}

/** A widget with a value of type `T`, kept in one state key. */
export abstract class ValueControl<T> extends Widget {
  /** Reads the value from the synced state. */
  protected abstract decode(state: Readonly<ModelState>): T;
  /** The state change that sets `value`; throws a clear error for a value the control cannot take. */
  protected abstract encode(value: T): ModelState;
  /** The state key of the value (a dropdown keeps an index). */
  protected abstract readonly valueKey: string;

  get value(): T {
    return this.decode(this.state);
  }

  /** Sets the value here and in the frontend; listeners hear it. */
  set value(value: T) {
    this.setState(this.encode(value));
  }

  /** Calls `listener(value, old)` after each change of the value, from the frontend or the kernel; returns the unsubscribe. */
  onChange(listener: (value: T, old: T) => void): () => void {
    let last = this.value;
    return this.observe((changed) => {
      if (!(this.valueKey in changed)) return;
      const old = last;
      last = this.value;
      listener(last, old);
    });
  }

  protected override describe(): string {
    const description = this.state.description;
    return `value=${JSON.stringify(this.value)}${description ? `, description=${JSON.stringify(description)}` : ""}`;
  }
}
