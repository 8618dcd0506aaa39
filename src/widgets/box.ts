/** Boxes lay widgets out in a row (HBox) or a column (VBox); `children` are model references in the state. */
import { controlModel, type DomOptions, domParts } from "./control.js";
import type { OfflineDrawing } from "./offline-html.js";
import { modelReference } from "./protocol.js";
import { Widget } from "./widget.js";

export interface BoxOptions extends DomOptions {
  boxStyle?: "" | "success" | "info" | "warning" | "danger";
}

abstract class Box extends Widget {
  #children: readonly Widget[];

  constructor(name: "HBox" | "VBox", children: readonly Widget[], options: BoxOptions) {
    checkChildren(name, children);
    const parts = domParts(options);
    super(
      controlModel(name),
      { ...parts.state, box_style: options.boxStyle ?? "", children: references(children) },
      parts.owned,
    );
    this.#children = [...children];
  }

  get children(): readonly Widget[] {
    return this.#children;
  }

  set children(children: readonly Widget[]) {
    checkChildren(String(this.state._model_name).replace(/Model$/, ""), children);
    this.setState({ children: references(children) });
    this.#children = [...children];
  }

  protected override describe(): string {
    return `children=[${this.#children.map(String).join(", ")}]`;
  }
}

function checkChildren(name: string, children: readonly Widget[]): void {
  if (!Array.isArray(children)) throw new TypeError(`${name} children must be an array of widgets`);
  for (const child of children) {
    if (!(child instanceof Widget))
      throw new TypeError(`${name} children must be widgets, got ${String(child)}`);
  }
}

const references = (children: readonly Widget[]): string[] =>
  children.map((child) => modelReference(child.modelId));

/** Widgets side by side: `new HBox([eta, lambda])`. */
export class HBox extends Box {
  constructor(children: readonly Widget[] = [], options: BoxOptions = {}) {
    super("HBox", children, options);
  }
}

/** Widgets one above the other: `new VBox([controls, output])`. */
export class VBox extends Box {
  constructor(children: readonly Widget[] = [], options: BoxOptions = {}) {
    super("VBox", children, options);
  }
}

/** A saved box: its children's views in a row or a column (a child whose model was not saved is left out). */
function boxDrawing(direction: "row" | "column"): OfflineDrawing {
  return (state, context) => {
    const children = ((state.children ?? []) as string[]).map((reference) => context.child(reference));
    return {
      html: `<div class="widget" style="display:flex;flex-direction:${direction};gap:0.5em">${children
        .map((child) => child?.html ?? "")
        .join("")}</div>`,
      usesPlotly: children.some((child) => child?.usesPlotly === true),
    };
  };
}

/** The saved boxes, by model name. */
export const boxDrawings: Readonly<Record<string, OfflineDrawing>> = {
  HBoxModel: boxDrawing("row"),
  VBoxModel: boxDrawing("column"),
};
