/**
 * Reports: executed notebooks as self-contained offline HTML pages, and an index linking them. Used by the headless
 * runner; knows nbformat and the plot folder's HTML, nothing of the kernel.
 */
export { type IndexPageOptions, type ReportLink, reportIndexHtml } from "./index-page.js";
export {
  type Cell,
  type CodeCell,
  type DataOutput,
  type ErrorOutput,
  joinText,
  type MarkdownCell,
  type MultilineString,
  type Notebook,
  type Output,
  parseNotebook,
  type RawCell,
  type StreamOutput,
} from "./nbformat.js";
export { type NotebookHtmlOptions, notebookTitle, notebookToHtml } from "./notebook-html.js";
export { type RenderedOutput, renderOutput, terminalText } from "./output-html.js";
