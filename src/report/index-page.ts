/**
 * A page linking several reports, e.g. one per notebook of a headless run.
 */
import { escapeHtml, htmlPage } from "../plot/html.js";
import { reportStyle } from "./style.js";

export interface ReportLink {
  readonly title: string;
  /** Relative URL of the report, e.g. "01-schedules.html". */
  readonly href: string;
  readonly description?: string;
  /** A failed notebook is marked so. */
  readonly failed?: boolean;
}

export interface IndexPageOptions {
  readonly title?: string;
  /** A line under the title, e.g. when and how the notebooks were run. */
  readonly subtitle?: string;
}

/**
 * The index page.
 *
 * @example
 * reportIndexHtml([{ title: "LR schedules", href: "schedules.html" }], { title: "explr notebooks" })
 */
export function reportIndexHtml(reports: readonly ReportLink[], options: IndexPageOptions = {}): string {
  const title = options.title ?? "Reports";
  const items = reports.map((report) => {
    const mark = report.failed ? ` <span class="failed">failed</span>` : "";
    const description = report.description ? ` — ${escapeHtml(report.description)}` : "";
    return `<li><a href="${escapeHtml(report.href)}">${escapeHtml(report.title)}</a>${mark}${description}</li>`;
  });
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    options.subtitle ? `<p>${escapeHtml(options.subtitle)}</p>` : "",
    reports.length > 0 ? `<ul class="reports">\n${items.join("\n")}\n</ul>` : "<p>No reports.</p>",
  ].join("\n");
  return htmlPage({ title, body, style: reportStyle });
}
