/**
 * The part of nbformat 4 (https://nbformat.readthedocs.io) a report reads, and a checked parse of a .ipynb file.
 */

/** nbformat stores text as a string or as a list of lines that are joined without separators. */
export type MultilineString = string | readonly string[];

export interface StreamOutput {
  readonly output_type: "stream";
  readonly name: "stdout" | "stderr";
  readonly text: MultilineString;
}

export interface DataOutput {
  readonly output_type: "display_data" | "execute_result";
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly execution_count?: number | null;
}

export interface ErrorOutput {
  readonly output_type: "error";
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
}

export type Output = StreamOutput | DataOutput | ErrorOutput;

export interface MarkdownCell {
  readonly cell_type: "markdown";
  readonly source: MultilineString;
  /** Images pasted into the cell: name → MIME type → base64 data. */
  readonly attachments?: Readonly<Record<string, Readonly<Record<string, MultilineString>>>>;
}

export interface CodeCell {
  readonly cell_type: "code";
  readonly source: MultilineString;
  readonly execution_count: number | null;
  readonly outputs: readonly Output[];
}

export interface RawCell {
  readonly cell_type: "raw";
  readonly source: MultilineString;
}

export type Cell = MarkdownCell | CodeCell | RawCell;

export interface Notebook {
  readonly nbformat: number;
  readonly nbformat_minor?: number;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly cells: readonly Cell[];
}

/** The text of a multiline string. */
export function joinText(text: MultilineString | undefined): string {
  return typeof text === "string" ? text : (text ?? []).join("");
}

/**
 * A notebook from .ipynb JSON text or an already parsed object, checked to be nbformat 4 with a cells array.
 */
export function parseNotebook(input: string | unknown): Notebook {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new TypeError(
        `The notebook is not JSON (${(error as Error).message}): give the text of an .ipynb file`,
      );
    }
  }
  const notebook = value as Partial<Notebook> | null;
  if (typeof notebook !== "object" || notebook === null) {
    throw new TypeError(`A notebook must be an object, got ${notebook === null ? "null" : typeof notebook}`);
  }
  if (notebook.nbformat !== 4) {
    throw new TypeError(
      `Only nbformat 4 notebooks are supported, got nbformat ${notebook.nbformat}: ` +
        "convert it with `jupyter nbconvert --to notebook --nbformat 4`",
    );
  }
  if (!Array.isArray(notebook.cells)) {
    throw new TypeError("The notebook has no cells array: is it an .ipynb file?");
  }
  return notebook as Notebook;
}
