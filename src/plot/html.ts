/**
 * HTML that draws plotly figures with plotly.js: an element for one figure, the script that defines `window.Plotly`,
 * and a standalone page. Used by notebook outputs, `Figure.save` and reports.
 */
import { randomUUID } from "node:crypto";
import { plotlyJsSource } from "./plotly-js.js";
import type { PlotlySpec } from "./spec.js";
import { themeFontColor } from "./theme.js";

/** How long a figure waits for plotly.js before saying it is missing (ms). */
const plotlyWaitMs = 30_000;

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * A `<script>` defining `window.Plotly` unless the page has it already (plotly's JupyterLab extension or an earlier
 * output). plotly.js 3 sets `window.Plotly` even where require.js defines `define` (classic Notebook).
 */
export function plotlyScriptTag(): string {
  const source = plotlyJsSource().replace(/<\/script/gi, "<\\/script");
  return `<script>if (!window.Plotly) { ${source} }</script>`;
}

export interface PlotElementOptions {
  /** The element id; a fresh one by default (ids must be unique in a page). */
  readonly id?: string;
  /** Put plotly.js before the figure (see plotly-js.ts for when). */
  readonly includePlotly?: boolean;
}

/**
 * A `<div>` and the script that draws `spec` into it once `window.Plotly` exists. The theme's gray text takes the
 * page's text color, so the figure follows light and dark pages.
 */
export function plotElement(spec: PlotlySpec, options: PlotElementOptions = {}): string {
  const id = options.id ?? `explr-plot-${randomUUID()}`;
  const height = typeof spec.layout.height === "number" ? spec.layout.height : 450;
  const missing =
    "plotly.js is not on this page: it travels with the first figure of a kernel session. " +
    "Re-run the notebook from the top, or save the figure with figure.save('plot.html').";
  const draw = `(function () {
  var el = document.getElementById(${scriptJson(id)});
  var spec = ${scriptJson(spec)};
  var waited = 0;
  function draw() {
    if (window.Plotly) {
      var font = spec.layout.font;
      if (font && font.color === ${scriptJson(themeFontColor)}) font.color = getComputedStyle(el).color || font.color;
      window.Plotly.newPlot(el, spec.data, spec.layout, spec.config);
    } else if (waited < ${plotlyWaitMs}) {
      waited += 100;
      setTimeout(draw, 100);
    } else {
      el.textContent = ${scriptJson(missing)};
    }
  }
  draw();
})();`;
  return [
    options.includePlotly ? plotlyScriptTag() : "",
    `<div id="${escapeHtml(id)}" class="explr-plot" style="width:100%;height:${height}px"></div>`,
    `<script>${draw}</script>`,
  ].join("\n");
}

/** Page colors for light and dark systems; figures inherit the text color. */
export const pageStyle = `:root { color-scheme: light dark; }
body { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; line-height: 1.5;
  max-width: 1100px; margin: 2rem auto; padding: 0 1rem; background: #ffffff; color: #1f2328; }
@media (prefers-color-scheme: dark) { body { background: #111418; color: #e6edf3; } }`;

export interface HtmlPageOptions {
  readonly title: string;
  /** The page's content (trusted HTML). */
  readonly body: string;
  /** Extra CSS after `pageStyle`. */
  readonly style?: string;
  /** Inline plotly.js once in the head (pages are opened offline, alone). */
  readonly includePlotly?: boolean;
}

/** A complete, self-contained HTML document. */
export function htmlPage(options: HtmlPageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>
${pageStyle}
${options.style ?? ""}
</style>
${options.includePlotly ? plotlyScriptTag() : ""}
</head>
<body>
${options.body}
</body>
</html>
`;
}
