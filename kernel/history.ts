/**
 * The kernel's input history, answering history_request: `tail` (the last n), `range` (lines start..stop of a
 * session) and `search` (a glob pattern, `*` any text, `?` one character, like IPython's).
 * Entries are `[session, line, input]`, or `[session, line, [input, output]]` when outputs are asked for.
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

interface Record {
  line: number;
  input: string;
  output: string | null;
}

export class History {
  readonly #records: Record[] = [];

  /** `session` numbers this kernel process; 0 and negative numbers in queries mean "this session", as in IPython. */
  constructor(readonly session: number) {}

  add(line: number, input: string): void {
    this.#records.push({ line, input, output: null });
  }

  /** Remembers the text/plain form of a line's result, for queries with `output: true`. */
  setOutput(line: number, output: string): void {
    const record = this.#records.findLast((r) => r.line === line);
    if (record) record.output = output;
  }

  query(q: HistoryQuery): HistoryEntry[] {
    const records = this.#select(q);
    return records.map((r) => [this.session, r.line, q.output ? [r.input, r.output] : r.input]);
  }

  #select(q: HistoryQuery): Record[] {
    switch (q.hist_access_type) {
      case "tail":
        return lastN(this.#records, q.n);
      case "range": {
        if (q.session !== undefined && q.session > 0 && q.session !== this.session) return [];
        const start = q.start ?? 0;
        const stop = q.stop ?? Number.POSITIVE_INFINITY;
        return this.#records.filter((r) => r.line >= start && r.line < stop);
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
