/**
 * One code-cell output as HTML: streams and errors as text (ANSI colors stripped), images inline, HTML as is, plotly
 * JSON drawn interactively, otherwise the richest MIME type present.
 */
import { stripVTControlCharacters } from "node:util";
import { plotlyMimeType } from "../plot/figure.js";
import { escapeHtml, plotElement } from "../plot/html.js";
import type { PlotlySpec } from "../plot/spec.js";
import { renderMarkdown } from "./markdown.js";
import { joinText, type MultilineString, type Output } from "./nbformat.js";
import { renderWidget, viewedModel, type WidgetModels } from "./widget-html.js";

/** Richest first. Plotly before HTML: explr's HTML fallback would only repeat the figure. */
const mimePreference = [
  plotlyMimeType,
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
] as const;

export interface RenderedOutput {
  readonly html: string;
  /** Whether the page must define `window.Plotly`. */
  readonly usesPlotly: boolean;
}

/**
 * Terminal text as it looked: ANSI escapes removed, and a line rewritten with `\r` (progress bars) shown in its last
 * state.
 */
export function terminalText(text: string): string {
  return stripVTControlCharacters(text)
    .split("\n")
    .map(
      (line) =>
        line
          .split("\r")
          .filter((part) => part !== "")
          .at(-1) ?? "",
    )
    .join("\n");
}

function preformatted(text: string, className: string): string {
  return `<pre class="${className}">${escapeHtml(terminalText(text))}</pre>`;
}

/** The HTML of one output; a widget view draws from `widgets`, the models the notebook saved. */
export function renderOutput(output: Output, widgets: WidgetModels = new Map()): RenderedOutput {
  switch (output.output_type) {
    case "stream":
      return { html: preformatted(joinText(output.text), `stream ${output.name}`), usesPlotly: false };
    case "error": {
      const traceback = output.traceback.length > 0 ? output.traceback.join("\n") : "";
      const text = traceback.includes(output.ename)
        ? traceback
        : `${output.ename}: ${output.evalue}\n${traceback}`;
      return { html: preformatted(text.trimEnd(), "error"), usesPlotly: false };
    }
    case "display_data":
    case "execute_result": {
      const modelId = viewedModel(output.data);
      const widget = modelId && renderWidget(modelId, widgets, (inner) => renderOutput(inner, widgets));
      return widget || renderData(output.data);
    }
    default:
      return { html: "", usesPlotly: false };
  }
}

function renderData(data: Readonly<Record<string, unknown>>): RenderedOutput {
  const mime = mimePreference.find((type) => data[type] !== undefined);
  if (mime === undefined) {
    const types = Object.keys(data).join(", ");
    return {
      html: `<p class="unsupported">(output of type ${escapeHtml(types)} not shown)</p>`,
      usesPlotly: false,
    };
  }
  const value = data[mime];
  const text = () => joinText(value as MultilineString);
  switch (mime) {
    case plotlyMimeType: {
      // Some kernels send the plotly JSON as a string; the format says object.
      const spec = (typeof value === "string" ? JSON.parse(value) : value) as Partial<PlotlySpec>;
      return {
        html: plotElement({ data: spec.data ?? [], layout: spec.layout ?? {}, config: spec.config ?? {} }),
        usesPlotly: true,
      };
    }
    case "text/html":
    case "image/svg+xml":
      return { html: `<div class="rich">${text()}</div>`, usesPlotly: false };
    case "image/png":
    case "image/jpeg":
    case "image/gif":
      return {
        html: `<img alt="output image" src="data:${mime};base64,${text().replace(/\s/g, "")}">`,
        usesPlotly: false,
      };
    case "text/markdown":
      return { html: `<div class="rich">${renderMarkdown(text())}</div>`, usesPlotly: false };
    case "application/json":
      return { html: preformatted(JSON.stringify(value, null, 2), "json"), usesPlotly: false };
    default:
      return { html: preformatted(text(), "text"), usesPlotly: false };
  }
}
