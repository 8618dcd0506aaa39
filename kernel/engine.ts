/**
 * The seam between the protocol and evaluation: what the kernel asks of a language engine. Positions are
 * UTF-16 offsets (JavaScript string indices); the protocol layer converts from and to Jupyter's code points.
 */
import { describeThrown, readSafely } from "./safe-render.js";
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
 * lines; the errors it was caused by (`cause`) come first, as Python shows them, and an `AggregateError`'s errors
 * after it. Never throws.
 */
export function errorOutcome(thrown: unknown, cells?: CellSources): ErrorOutcome {
  const { ename, evalue } = describeThrown(thrown);
  return {
    status: "error",
    ename,
    evalue,
    traceback: relatedTraceback(thrown, cells, new Set(), { left: maxRelated }),
  };
}

const isObject = (value: unknown): boolean =>
  (typeof value === "object" && value !== null) || typeof value === "function";

/** How many errors besides the one thrown (causes, aggregated errors, theirs) a traceback shows at most. */
const maxRelated = 12;
/** How many of an AggregateError's errors a traceback shows at most. */
const maxAggregated = 5;

/**
 * The traceback of `thrown` with its causes before it and its aggregated errors after it. `seen` holds the errors
 * already shown, so a chain that cycles is cut; `budget.left` is how many more related errors may be shown.
 */
function relatedTraceback(
  thrown: unknown,
  cells: CellSources | undefined,
  seen: Set<unknown>,
  budget: { left: number },
): string[] {
  if (isObject(thrown)) seen.add(thrown);
  const lines: string[] = [];
  const cause = readSafely(thrown, "cause");
  if (cause !== undefined) {
    if (seen.has(cause)) lines.push("[the cause chain cycles back to an error shown below]");
    else if (budget.left <= 0)
      lines.push(`[further causes not shown: at most ${maxRelated} related errors are]`);
    else {
      budget.left--;
      lines.push(...relatedTraceback(cause, cells, seen, budget));
    }
    lines.push("", "The above exception was the direct cause of the following exception:", "");
  }
  const { ename, evalue, stack } = describeThrown(thrown);
  lines.push(...formatTraceback(ename, evalue, stack, { cells }));
  const errors = readSafely(thrown, "errors");
  if (ename === "AggregateError" && Array.isArray(errors) && errors.length > 0) {
    const showing = Math.min(errors.length, maxAggregated, budget.left);
    const which = showing < errors.length ? `, the first ${showing}` : "";
    lines.push("", `The ${errors.length} errors it aggregates${which}:`);
    for (const [index, error] of errors.slice(0, showing).entries()) {
      lines.push("", `[${index + 1}/${errors.length}]`);
      if (seen.has(error)) lines.push("[an error shown above]");
      else if (budget.left <= 0) lines.push(`[not shown: at most ${maxRelated} related errors are]`);
      else {
        budget.left--;
        lines.push(...relatedTraceback(error, cells, seen, budget));
      }
    }
  }
  return lines;
}
