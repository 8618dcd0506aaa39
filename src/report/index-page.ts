/**
 * A page linking several reports, e.g. one per notebook of a headless run.
 */
import { escapeHtml, htmlPage } from "../plot/html.js";
import { reportStyle } from "./style.js";

/** How a run of the report's notebook ended; "not run": a run that stopped earlier never reached it (no report). */
export type ReportOutcome = "passed" | "failed" | "not run";

export interface ReportLink {
  readonly title: string;
  /** Relative URL of the report, e.g. "01-schedules.html"; none for a notebook that was not run. */
  readonly href?: string;
  readonly description?: string;
  /** Shown as a mark after the title; absent for a report that is not a notebook's run. */
  readonly outcome?: ReportOutcome;
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
    const { outcome } = report;
    const mark = outcome ? ` <span class="${outcome.replace(" ", "-")}">${outcome}</span>` : "";
    const description = report.description ? ` — ${escapeHtml(report.description)}` : "";
    const title =
      report.href === undefined
        ? escapeHtml(report.title)
        : `<a href="${escapeHtml(report.href)}">${escapeHtml(report.title)}</a>`;
    return `<li>${title}${mark}${description}</li>`;
  });
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    options.subtitle ? `<p>${escapeHtml(options.subtitle)}</p>` : "",
    reports.length > 0 ? `<ul class="reports">\n${items.join("\n")}\n</ul>` : "<p>No reports.</p>",
  ].join("\n");
  return htmlPage({ title, body, style: reportStyle });
}
