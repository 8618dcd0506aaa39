/**
 * An executed notebook as one self-contained HTML page: markdown rendered, code with its outputs, plotly figures
 * interactive, plotly.js inlined once (only when a figure needs it), nothing fetched from the network.
 */
import { escapeHtml, htmlPage } from "../plot/html.js";
import { renderMarkdown } from "./markdown.js";
import { joinText, type MarkdownCell, type Notebook, parseNotebook } from "./nbformat.js";
import { renderOutput } from "./output-html.js";
import { reportStyle } from "./style.js";
import { savedWidgets } from "./widget-html.js";

export interface NotebookHtmlOptions {
  /** The page title; by default the notebook's metadata title, else its first heading, else "Notebook". */
  readonly title?: string;
}

/**
 * The HTML report of an executed notebook (an .ipynb's JSON text or the parsed object).
 *
 * @example
 * await writeFile("report.html", notebookToHtml(await readFile("run.ipynb", "utf8")));
 */
export function notebookToHtml(input: string | Notebook, options: NotebookHtmlOptions = {}): string {
  const notebook = parseNotebook(input);
  let usesPlotly = false;
  const widgets = savedWidgets(notebook.metadata);
  const cells = notebook.cells.map((cell) => {
    if (cell.cell_type === "markdown")
      return `<section class="cell markdown">${markdownCell(cell)}</section>`;
    if (cell.cell_type !== "code") return ""; // raw cells are for other converters
    const outputs = (cell.outputs ?? []).map((output) => {
      const rendered = renderOutput(output, widgets);
      usesPlotly ||= rendered.usesPlotly;
      return rendered.html;
    });
    const prompt = `[${cell.execution_count ?? " "}]:`;
    return `<section class="cell code">
<div class="prompt">${escapeHtml(prompt)}</div>
<pre class="source"><code>${escapeHtml(joinText(cell.source))}</code></pre>
${outputs.length > 0 ? `<div></div><div class="outputs">${outputs.join("\n")}</div>` : ""}
</section>`;
  });
  return htmlPage({
    title: options.title ?? notebookTitle(notebook),
    body: cells.join("\n"),
    style: reportStyle,
    includePlotly: usesPlotly,
  });
}

/** The notebook's title: `metadata.title`, else the text of its first markdown heading, else "Notebook". */
export function notebookTitle(notebook: Notebook): string {
  const title = notebook.metadata?.title;
  if (typeof title === "string" && title.trim() !== "") return title.trim();
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;
    const heading = /^#{1,6}\s+(.+)$/m.exec(joinText(cell.source));
    if (heading) return heading[1].trim();
  }
  return "Notebook";
}

/** Markdown with `attachment:name` image links resolved to data URIs from the cell's attachments. */
function markdownCell(cell: MarkdownCell): string {
  const source = joinText(cell.source).replace(/attachment:([^\s)"']+)/g, (link, name: string) => {
    const bundle = cell.attachments?.[name];
    const mime = bundle && Object.keys(bundle).find((type) => type.startsWith("image/"));
    return mime ? `data:${mime};base64,${joinText(bundle[mime]).replace(/\s/g, "")}` : link;
  });
  return renderMarkdown(source);
}
