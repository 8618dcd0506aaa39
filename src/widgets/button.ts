/** A button, whose clicks arrive as `custom` messages `{ event: "click" }`. */
import { escapeHtml } from "../plot/html.js";
import { controlModel, type DescribedOptions, domParts } from "./control.js";
import { inert, type OfflineDrawing } from "./offline-html.js";
import { Widget } from "./widget.js";

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

/** The saved button, disabled. */
export const buttonDrawing: OfflineDrawing = (state) =>
  inert(`<button disabled>${escapeHtml(String(state.description ?? ""))}</button>`);
