/**
 * The kernel's input history, answering history_request like IPython: `tail` (the last n, across sessions),
 * `range` (lines start..stop of one session: 0 is this one, −1 the one before, a positive number counts from the
 * first) and `search` (a glob pattern, `*` any text, `?` one character, across sessions).
 * Entries are `[session, line, input]`, or `[session, line, [input, output]]` when outputs are asked for.
 * Earlier sessions come from a `HistoryFile`; the current one is numbered after them.
 */

export type HistoryEntry = [session: number, line: number, input: string | [string, string | null]];

export interface HistoryQuery {
  hist_access_type: "tail" | "range" | "search";
  output?: boolean;
  n?: number;
  session?: number;
  start?: number;
  stop?: number;
  pattern?: string;
  unique?: boolean;
}

export interface HistoryRecord {
  session: number;
  line: number;
  input: string;
  output: string | null;
}

/** Where new records go, to outlive the process (`HistoryFile`), or nowhere. */
export interface HistorySink {
  added(record: HistoryRecord): void;
  outputSet(record: HistoryRecord): void;
}

export class History {
  readonly #records: HistoryRecord[];
  readonly #sink: HistorySink | undefined;
  /** This kernel's session number: one after the last earlier session. */
  readonly session: number;

  constructor(earlier: readonly HistoryRecord[] = [], sink?: HistorySink) {
    this.#records = [...earlier];
    this.#sink = sink;
    this.session = Math.max(0, ...earlier.map((r) => r.session)) + 1;
  }

  add(line: number, input: string): void {
    const record = { session: this.session, line, input, output: null };
    this.#records.push(record);
    this.#sink?.added(record);
  }

  /** Remembers the text/plain form of a line's result, for queries with `output: true`. */
  setOutput(line: number, output: string): void {
    const record = this.#records.findLast((r) => r.session === this.session && r.line === line);
    if (!record) return;
    record.output = output;
    this.#sink?.outputSet(record);
  }

  query(q: HistoryQuery): HistoryEntry[] {
    return this.#select(q).map((r) => [r.session, r.line, q.output ? [r.input, r.output] : r.input]);
  }

  #select(q: HistoryQuery): HistoryRecord[] {
    switch (q.hist_access_type) {
      case "tail":
        return lastN(this.#records, q.n);
      case "range": {
        const session =
          q.session === undefined || q.session <= 0 ? this.session + (q.session ?? 0) : q.session;
        const start = q.start ?? 0;
        const stop = q.stop ?? Number.POSITIVE_INFINITY;
        return this.#records.filter((r) => r.session === session && r.line >= start && r.line < stop);
      }
      case "search": {
        const pattern = globToRegExp(q.pattern ?? "*");
        let found = this.#records.filter((r) => pattern.test(r.input));
        if (q.unique) {
          const seen = new Set<string>();
          found = found
            .reverse()
            .filter((r) => !seen.has(r.input) && seen.add(r.input))
            .reverse();
        }
        return lastN(found, q.n);
      }
      default:
        throw new RangeError(`hist_access_type "${q.hist_access_type}" is not one of tail, range, search`);
    }
  }
}

function lastN<T>(items: T[], n: number | undefined): T[] {
  return n === undefined || n <= 0 ? items : items.slice(-n);
}

/** `a*b?` → /^a[\s\S]*b[\s\S]$/: glob wildcards, everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]")}$`);
}
