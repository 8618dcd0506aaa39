/**
 * Widget views in explr's HTML report. A notebook saved with its widgets' state (`metadata.widgets`, written by
 * `explr run`) shows its controls as the run left them, each drawn as its widget module says (`src/widgets`), and
 * an Output widget's outputs as any other output; a view whose model was not saved is left to the output's other
 * MIME types.
 */
import { escapeHtml } from "../plot/html.js";
import { offlineDrawing } from "../widgets/drawings.js";
import { type Drawn, inert } from "../widgets/offline-html.js";
import type { EmbeddedModel } from "../widgets/protocol.js";
import { widgetStateMimeType, widgetViewMimeType } from "../widgets/protocol.js";
import type { Output } from "./nbformat.js";

export type WidgetModels = ReadonlyMap<string, EmbeddedModel>;

/** What draws the outputs inside an Output widget (the report's own output renderer). */
export type OutputRenderer = (output: Output) => Drawn;

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
): Drawn | undefined {
  const model = models.get(modelId);
  if (!model) return undefined;
  const draw = offlineDrawing(model.model_name);
  if (!draw) return inert(`<p class="unsupported">(widget ${escapeHtml(model.model_name)} not shown)</p>`);
  return draw(model.state, {
    child: (reference) => renderWidget(reference.replace(/^IPY_MODEL_/, ""), models, renderOutput),
    output: (output) => renderOutput(output as unknown as Output),
  });
}
