/**
 * The input history on disk, so that earlier sessions answer history_request (a console's up-arrow, `%history`-like
 * searches) after a restart. One JSON line per event, appended as cells run: a crash loses nothing already run, and
 * kernels running side by side only ever append.
 *
 *   {"k":"<kernel session id>","l":3,"i":"const a = 1"}   line 3 of that kernel's session was run
 *   {"k":"<kernel session id>","l":3,"o":"1"}             ... and showed this text/plain result
 *
 * Sessions are numbered 1, 2, ... in the order of their first line in the file. Only the last `keep` inputs are
 * kept: when the file holds twice as many, it is rewritten (to a temporary file, then renamed) when a kernel starts,
 * beginning with `{"first":N}`, the number of its first session, so that numbers stay what they were.
 *
 * The file holds every cell's source: it is created readable by its owner only (0600, in a 0700 folder), and a
 * file found readable by others is made so.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { writeFileAtomicSync } from "../src/atomic-write.js";
import type { HistoryRecord, HistorySink } from "./history.js";

/**
 * Where the history lives: `EXPLR_HISTORY_FILE` (empty: nowhere, the history stays in memory), else
 * `$XDG_DATA_HOME/explr/history.jsonl`, else `~/.local/share/explr/history.jsonl`.
 */
export function historyPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.EXPLR_HISTORY_FILE;
  if (chosen !== undefined) return chosen === "" ? undefined : chosen;
  const dataHome = env.XDG_DATA_HOME || path.join(homedir(), ".local", "share");
  return path.join(dataHome, "explr", "history.jsonl");
}

/** Read and write for the file's owner, nothing for anyone else. */
const ownerOnly = 0o600;

type Line = { k: string; l: number; i: string } | { k: string; l: number; o: string };
interface Parsed {
  first: number;
  lines: Line[];
}

export class HistoryFile implements HistorySink {
  readonly #path: string;
  readonly #kernelSession: string;
  readonly #log: (line: string) => void;
  #broken = false;
  #folderMade = false;

  private constructor(file: string, kernelSession: string, log: (line: string) => void) {
    this.#path = file;
    this.#kernelSession = kernelSession;
    this.#log = log;
  }

  /**
   * Reads the earlier sessions from `file` (missing: none; unreadable lines are skipped) and returns them with the
   * sink that appends this kernel's session. A file that cannot be read or written is reported once to `log`; the
   * kernel then keeps its history in memory.
   */
  static open(
    file: string,
    kernelSession: string,
    log: (line: string) => void,
    keep = 10_000,
  ): { earlier: HistoryRecord[]; sink: HistoryFile } {
    const sink = new HistoryFile(file, kernelSession, log);
    let parsed: Parsed = { first: 1, lines: [] };
    try {
      if (existsSync(file)) {
        if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, ownerOnly);
        parsed = parse(readFileSync(file, "utf8"));
      }
    } catch (error) {
      log(
        `history file ${file} cannot be read (${(error as Error).message}); starting without earlier sessions`,
      );
    }
    const all = toRecords(parsed);
    const earlier = all.slice(-keep);
    if (all.length > 2 * keep) sink.#rewrite(earlier);
    return { earlier, sink };
  }

  added(record: HistoryRecord): void {
    this.#append({ k: this.#kernelSession, l: record.line, i: record.input });
  }

  outputSet(record: HistoryRecord): void {
    if (record.output !== null) this.#append({ k: this.#kernelSession, l: record.line, o: record.output });
  }

  #append(line: Line): void {
    if (this.#broken) return;
    try {
      if (!this.#folderMade) mkdirSync(path.dirname(this.#path), { recursive: true, mode: 0o700 });
      this.#folderMade = true;
      appendFileSync(this.#path, `${JSON.stringify(line)}\n`, { mode: ownerOnly });
    } catch (error) {
      this.#broken = true;
      this.#log(
        `history file ${this.#path} cannot be written (${(error as Error).message}); history stays in memory` +
          " (set EXPLR_HISTORY_FILE to another path, or to an empty value to turn this off)",
      );
    }
  }

  /** Keeps only `records` (in order, at least one), numbered as they were. */
  #rewrite(records: readonly HistoryRecord[]): void {
    const header = `${JSON.stringify({ first: records[0].session })}\n`;
    const body = records
      .flatMap((r) => {
        const k = `session-${r.session}`;
        const lines: Line[] = [{ k, l: r.line, i: r.input }];
        if (r.output !== null) lines.push({ k, l: r.line, o: r.output });
        return lines.map((line) => `${JSON.stringify(line)}\n`);
      })
      .join("");
    const text = header + body;
    try {
      writeFileAtomicSync(this.#path, text, { mode: ownerOnly });
    } catch (error) {
      this.#log(`history file ${this.#path} could not be shortened (${(error as Error).message})`);
    }
  }
}

function parse(text: string): Parsed {
  const parsed: Parsed = { first: 1, lines: [] };
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    try {
      const line = JSON.parse(raw) as Partial<Line & { i: unknown; o: unknown; first: unknown }>;
      if (typeof line.first === "number" && parsed.lines.length === 0) parsed.first = line.first;
      if (typeof line.k !== "string" || typeof line.l !== "number") continue;
      if (typeof line.i === "string" || typeof line.o === "string") parsed.lines.push(line as Line);
    } catch {
      // a line cut short by a crash: the rest of the file is still good
    }
  }
  return parsed;
}

/** Inputs in file order, sessions numbered by first appearance, outputs attached to their input. */
function toRecords({ first, lines }: Parsed): HistoryRecord[] {
  const sessions = new Map<string, number>();
  const records: HistoryRecord[] = [];
  const byKey = new Map<string, HistoryRecord>();
  for (const line of lines) {
    if ("i" in line) {
      if (!sessions.has(line.k)) sessions.set(line.k, first + sessions.size);
      const session = sessions.get(line.k) as number;
      const record: HistoryRecord = { session, line: line.l, input: line.i, output: null };
      records.push(record);
      byKey.set(`${line.k}\n${line.l}`, record);
    } else {
      const record = byKey.get(`${line.k}\n${line.l}`);
      if (record) record.output = line.o;
    }
  }
  return records;
}
