/**
 * The Output widget: an output area inside a widget layout. The kernel sets its `outputs` state (nbformat outputs),
 * which JupyterLab's, Notebook 7's and the HTML widget manager all draw; capturing by `msg_id` is not used, since a
 * frontend only captures replies to requests of its own.
 */
import { inspect } from "node:util";
import { isDisplayable, toDisplayData } from "../display.js";
import { type DomOptions, domParts } from "./control.js";
import type { OfflineDrawing } from "./offline-html.js";
import { outputModule } from "./protocol.js";
import { Widget } from "./widget.js";

/** An nbformat output, as the Output widget's `outputs` state holds it. */
export type OutputRecord =
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string };

/** The output that shows `value`: its rich display when it has one, a string as text, else Node's inspection. */
export function outputOf(value: unknown): OutputRecord {
  if (isDisplayable(value)) {
    const { data, metadata } = toDisplayData(value);
    return { output_type: "display_data", data: { ...data }, metadata: { ...(metadata ?? {}) } };
  }
  const text = typeof value === "string" ? value : inspect(value, { depth: 4 });
  return { output_type: "display_data", data: { "text/plain": text }, metadata: {} };
}

export class Output extends Widget {
  constructor(options: DomOptions = {}) {
    const parts = domParts(options);
    super(
      {
        modelName: "OutputModel",
        modelModule: outputModule,
        viewName: "OutputView",
        viewModule: outputModule,
      },
      { ...parts.state, msg_id: "", outputs: [] },
      parts.owned,
    );
  }

  get outputs(): readonly OutputRecord[] {
    return this.state.outputs as OutputRecord[];
  }

  /** Replaces what the area shows with these values (a figure, a table, text). */
  show(...values: unknown[]): void {
    this.setState({ outputs: values.map(outputOf) });
  }

  /** Adds values below what the area shows. */
  append(...values: unknown[]): void {
    this.setState({ outputs: [...this.outputs, ...values.map(outputOf)] });
  }

  /** Writes text to the area as stdout, or stderr. */
  write(text: string, name: "stdout" | "stderr" = "stdout"): void {
    this.setState({ outputs: [...this.outputs, { output_type: "stream", name, text }] });
  }

  clear(): void {
    this.setState({ outputs: [] });
  }

  protected override describe(): string {
    return `outputs=${this.outputs.length}`;
  }
}

/** A saved output area: its outputs, drawn as the page draws any output. */
export const outputDrawing: OfflineDrawing = (state, context) => {
  const outputs = ((state.outputs ?? []) as Readonly<Record<string, unknown>>[]).map(context.output);
  return {
    html: `<div class="widget">${outputs.map((output) => output.html).join("")}</div>`,
    usesPlotly: outputs.some((output) => output.usesPlotly),
  };
};
