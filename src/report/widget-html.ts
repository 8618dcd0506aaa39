/**
 * Widget views in explr's HTML report. A notebook saved with its widgets' state (`metadata.widgets`, written by
 * `explr run`) shows its controls as the run left them, drawn static (disabled inputs), and an Output widget's
 * outputs as any other output; a view whose model was not saved is left to the output's other MIME types.
 */
import { escapeHtml } from "../plot/html.js";
import type { EmbeddedModel } from "../widgets/protocol.js";
import { widgetStateMimeType, widgetViewMimeType } from "../widgets/protocol.js";
import type { Output } from "./nbformat.js";

export type WidgetModels = ReadonlyMap<string, EmbeddedModel>;

/** What draws the outputs inside an Output widget (the report's own output renderer). */
export type OutputRenderer = (output: Output) => { html: string; usesPlotly: boolean };

/** The models a notebook saved, by model id (none when it saved no widget state). */
export function savedWidgets(metadata: Readonly<Record<string, unknown>> | undefined): WidgetModels {
  const saved = (metadata?.widgets as Record<string, unknown> | undefined)?.[widgetStateMimeType] as
    | { state?: Record<string, EmbeddedModel> }
    | undefined;
  return new Map(Object.entries(saved?.state ?? {}));
}

/** The model id an output's widget view shows, if the output is one. */
export function viewedModel(data: Readonly<Record<string, unknown>>): string | undefined {
  const view = data[widgetViewMimeType] as { model_id?: unknown } | undefined;
  return typeof view?.model_id === "string" ? view.model_id : undefined;
}

/** The HTML of the view of `modelId`, or undefined when the notebook did not save that model. */
export function renderWidget(
  modelId: string,
  models: WidgetModels,
  renderOutput: OutputRenderer,
): { html: string; usesPlotly: boolean } | undefined {
  const model = models.get(modelId);
  if (!model) return undefined;
  const state = model.state;
  const described = (control: string) => {
    const description = String(state.description ?? "");
    return `<span class="widget" style="display:flex;gap:0.5em;align-items:center">${
      description ? `<label>${escapeHtml(description)}</label>` : ""
    }${control}</span>`;
  };
  switch (model.model_name) {
    case "VBoxModel":
    case "HBoxModel": {
      const direction = model.model_name === "VBoxModel" ? "column" : "row";
      const children = ((state.children ?? []) as string[]).map((reference) =>
        renderWidget(reference.replace(/^IPY_MODEL_/, ""), models, renderOutput),
      );
      return {
        html: `<div class="widget" style="display:flex;flex-direction:${direction};gap:0.5em">${children
          .map((child) => child?.html ?? "")
          .join("")}</div>`,
        usesPlotly: children.some((child) => child?.usesPlotly),
      };
    }
    case "OutputModel": {
      const outputs = ((state.outputs ?? []) as Output[]).map(renderOutput);
      return {
        html: `<div class="widget">${outputs.map((output) => output.html).join("")}</div>`,
        usesPlotly: outputs.some((output) => output.usesPlotly),
      };
    }
    case "IntSliderModel":
    case "FloatSliderModel":
    case "FloatLogSliderModel": {
      const value = Number(state.value);
      // a log slider's position is the exponent (log10 is exact for powers of ten)
      const base = Number(state.base);
      const position =
        model.model_name !== "FloatLogSliderModel"
          ? value
          : base === 10
            ? Math.log10(value)
            : Math.log(value) / Math.log(base);
      const shown = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
      return inert(
        described(
          `<input type="range" disabled min="${state.min}" max="${state.max}" step="${state.step}" value="${position}"><output>${escapeHtml(shown)}</output>`,
        ),
      );
    }
    case "DropdownModel": {
      const label = ((state._options_labels ?? []) as string[])[Number(state.index)] ?? "";
      return inert(described(`<select disabled><option selected>${escapeHtml(label)}</option></select>`));
    }
    case "CheckboxModel":
      return inert(described(`<input type="checkbox" disabled${state.value === true ? " checked" : ""}>`));
    case "TextModel":
      return inert(
        described(`<input type="text" disabled value="${escapeHtml(String(state.value ?? ""))}">`),
      );
    case "LabelModel":
      return inert(described(`<span>${escapeHtml(String(state.value ?? ""))}</span>`));
    case "ButtonModel":
      return inert(`<button disabled>${escapeHtml(String(state.description ?? ""))}</button>`);
    default:
      return inert(`<p class="unsupported">(widget ${escapeHtml(model.model_name)} not shown)</p>`);
  }
}

const inert = (html: string) => ({ html, usesPlotly: false });
