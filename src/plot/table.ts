/**
 * A table of numbers for reading, as a notebook output: numbers rounded to four significant digits (powers of ten
 * for very small or large ones), a header, and a caption that says what each column is. Jupyter and explr's
 * reports render its Markdown (with `$…$` maths); a terminal gets aligned text.
 */
import { type Displayable, displaySymbol, type MimeBundle } from "../display.js";

export type Cell = string | number | boolean;

export interface TableOptions {
  /** Shown under the table: one sentence per column, with units. */
  readonly caption?: string;
}

export class Table implements Displayable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly caption: string | undefined;

  constructor(header: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}) {
    const wrong = rows.findIndex((row) => row.length !== header.length);
    if (wrong >= 0) {
      throw new RangeError(`Row ${wrong} has ${rows[wrong].length} cells for ${header.length} columns`);
    }
    this.header = header;
    this.rows = rows;
    this.caption = options.caption;
  }

  /** The table as GitHub-flavoured Markdown, numbers right-aligned. */
  toMarkdown(): string {
    const numeric = this.header.map(
      (_, c) => this.rows.length > 0 && this.rows.every((row) => typeof row[c] === "number"),
    );
    const line = (cells: readonly string[]) =>
      `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
    const lines = [
      line(this.header),
      `|${numeric.map((right) => (right ? " ---: " : " --- ")).join("|")}|`,
      ...this.rows.map((row) => line(row.map(formatCell))),
    ];
    return this.caption === undefined ? lines.join("\n") : `${lines.join("\n")}\n\n${this.caption}`;
  }

  /** The table as aligned plain text. */
  toString(): string {
    const cells = [this.header, ...this.rows.map((row) => row.map(formatCell))];
    const widths = this.header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
    const text = cells.map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    );
    return this.caption === undefined ? text.join("\n") : `${text.join("\n")}\n${this.caption}`;
  }

  [displaySymbol](): MimeBundle {
    return { "text/markdown": this.toMarkdown(), "text/plain": this.toString() };
  }
}

/** E.g. `table(["run", "error"], [["BN only", 3.2e-19]], { caption: "error: ..." })`. */
export function table(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): Table {
  return new Table(header, rows, options);
}

/** Four significant digits; powers of ten below 1e-3 and from 1e6; integers as they are. */
export function formatCell(cell: Cell): string {
  if (typeof cell !== "number") return String(cell);
  if (Number.isInteger(cell) && Math.abs(cell) < 1e6) return String(cell);
  if (cell === 0 || !Number.isFinite(cell)) return String(cell);
  return Math.abs(cell) >= 1e-3 && Math.abs(cell) < 1e6
    ? String(Number(cell.toPrecision(4)))
    : cell.toExponential(1);
}
