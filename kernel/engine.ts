/**
 * The seam between the protocol and evaluation: what the kernel asks of a language engine. Positions are
 * UTF-16 offsets (JavaScript string indices); the protocol layer converts from and to Jupyter's code points.
 */
import { describeThrown } from "./safe-render.js";
import { type CellSources, formatTraceback } from "./traceback.js";

export interface ErrorOutcome {
  status: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type Outcome = { status: "ok"; hasValue: boolean; value?: unknown } | ErrorOutcome;

export interface Completion {
  start: number;
  end: number;
  matches: string[];
}

export type IsComplete = { status: "complete" | "invalid" } | { status: "incomplete"; indent: string };

export interface Engine {
  /**
   * Runs a cell; resolves with its last expression's value, or the error it raised (never rejects). Tracebacks
   * name the cell by `executionCount`, where the run has one.
   */
  execute(code: string, executionCount?: number): Promise<Outcome>;
  complete(code: string, cursor: number): Completion;
  /** The documentation of the symbol at `cursor`, or undefined when there is none. */
  inspect(code: string, cursor: number): string | undefined;
  isComplete(code: string): IsComplete;
  /** Stops the running cell: an awaiting cell rejects; a synchronous loop is stopped by SIGINT itself. */
  interrupt(): void;
  close(): void;
}

/** The ename of a cell stopped by an interrupt. */
export const interruptedName = "Interrupted";

/**
 * An error outcome from anything thrown: `Error`s keep their name, message and stack, its frames shown in `cells`'
 * lines. Never throws.
 */
export function errorOutcome(thrown: unknown, cells?: CellSources): ErrorOutcome {
  const { ename, evalue, stack } = describeThrown(thrown);
  return { status: "error", ename, evalue, traceback: formatTraceback(ename, evalue, stack, { cells }) };
}
