/**
 * The inline TeX of notebooks' `$…$` maths as MathML, which browsers draw natively, so reports show formulas
 * offline with no math library, CSS or fonts on the page. Temml does the conversion; a formula it cannot parse
 * shows as its TeX source, marked, with the parser's message on hover, so one bad formula never breaks a report.
 */
import temml from "temml";
import { escapeHtml } from "../plot/html.js";

/** `$…$` content → `<math>…</math>`, or the marked source where the TeX is malformed. */
export function texToMathml(tex: string): string {
  try {
    return temml.renderToString(tex, { throwOnError: true });
  } catch (error) {
    // Temml's message underlines the bad part with combining low lines (U+0332) across lines; a tooltip reads
    // better as one plain line.
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/\u0332/g, "")
      .replace(/\s+/g, " ")
      .trim();
    return `<code class="maths-error" title="${escapeHtml(message)}">$${escapeHtml(tex)}$</code>`;
  }
}
