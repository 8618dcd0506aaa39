/**
 * Runs a notebook's code cells in order on a kernel, as `jupyter nbconvert --execute` does: each cell's outputs are
 * collected until the kernel is idle again, and the run stops at the first cell that fails or times out.
 */
import { raiseHeapLimit } from "../kernel/heap-limit.js";
import type { Cell, Notebook } from "../src/report/nbformat.js";
import { joinText } from "../src/report/nbformat.js";
import { latestActivity } from "./cell-activity.js";
import type { KernelClient } from "./client.js";
import { NotebookOutputs, type OutputCell } from "./notebook-outputs.js";
import { WidgetStates } from "./widget-state.js";

/** Where a run stopped. `cell` is the 1-based index among all cells, as a notebook shows them. */
export interface CellFailure {
  readonly cell: number;
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
}

export interface CellProgress {
  /** 1-based index among all cells. */
  readonly cell: number;
  readonly cells: number;
  readonly source: string;
  readonly status: "running" | "ok" | "error";
  /** Seconds the cell took (0 while running). */
  readonly seconds: number;
}

export interface ExecuteOptions {
  /** Seconds a cell may run before it is interrupted and the run fails; no limit by default. */
  readonly timeoutSeconds?: number;
  readonly onProgress?: (progress: CellProgress) => void;
  /** While a cell runs: the latest line it printed or displayed (see `cell-activity.ts`), when that changes. */
  readonly onActivity?: (line: string) => void;
  /**
   * Stops the run when aborted (Ctrl-C): the cell running then, or the next one, gets an error output saying so and
   * is the failure (ename "Interrupted"); the notebook so far is returned. The kernel is left as it is.
   */
  readonly signal?: AbortSignal;
}

/** How often a running cell's outputs are looked at for `onActivity`. */
const activityPollMs = 250;

/** The ename of a run stopped through `ExecuteOptions.signal`. */
export const stoppedName = "Interrupted";

export interface ExecutedNotebook {
  readonly notebook: Notebook;
  readonly failure: CellFailure | undefined;
}

/**
 * Executes every non-empty code cell of `notebook` on `client` (a started kernel); returns the notebook with outputs
 * and execution counts (and the state of the widgets it made, in its metadata), and the first failure if any (cells
 * after it keep no outputs).
 */
export async function executeNotebook(
  notebook: Notebook,
  client: KernelClient,
  options: ExecuteOptions = {},
): Promise<ExecutedNotebook> {
  const cells: Cell[] = notebook.cells.map((cell) =>
    cell.cell_type === "code" ? { ...cell, outputs: [], execution_count: null } : cell,
  );
  const collector = new NotebookOutputs();
  const widgets = new WidgetStates();
  let failure: CellFailure | undefined;
  for (const [index, cell] of cells.entries()) {
    const source = joinText(cell.source);
    if (cell.cell_type !== "code" || source.trim() === "") continue;
    const position = { cell: index + 1, cells: cells.length, source };
    const started = performance.now();
    if (options.signal?.aborted) {
      failure = { ...stopped(cell as unknown as OutputCell, options.signal, "before"), cell: index + 1 };
      break;
    }
    options.onProgress?.({ ...position, status: "running", seconds: 0 });
    failure = await executeCell(client, cell as unknown as OutputCell, source, collector, widgets, options);
    const seconds = (performance.now() - started) / 1000;
    options.onProgress?.({ ...position, status: failure ? "error" : "ok", seconds });
    if (failure) {
      failure = { ...failure, cell: index + 1 };
      break;
    }
  }
  const widgetState = widgets.metadata();
  const metadata = widgetState ? { ...notebook.metadata, widgets: widgetState } : notebook.metadata;
  return { notebook: { ...notebook, cells, ...(metadata ? { metadata } : {}) }, failure };
}

/** What V8 writes on stderr as it ends a process whose JavaScript heap reached its limit. */
const heapExhausted = "JavaScript heap out of memory";

/**
 * The failure of a cell whose kernel died. A kernel whose heap ran out is said in one line, with the fix, instead
 * of V8's dump of its last collections and its native stack.
 */
function kernelDeath(error: Error): CellFailure {
  if (!error.message.includes(heapExhausted)) {
    return { cell: 0, ename: "KernelDied", evalue: error.message, traceback: [] };
  }
  // V8's last collections, "Mark-Compact 198.3 (234.4) -> 198.2 (233.6) MB": the heap it reached
  const sizes = [...error.message.matchAll(/-> ([\d.]+) \([\d.]+\) MB/g)].map((match) => Number(match[1]));
  const reached = sizes.length > 0 ? ` at ${Math.round(Math.max(...sizes))} MB` : "";
  const evalue =
    `the kernel ran out of memory: its JavaScript heap reached its limit${reached} and the kernel died; ` +
    raiseHeapLimit();
  return { cell: 0, ename: "OutOfMemory", evalue, traceback: [] };
}

/** The failure of a cell the run was stopped before or during, and its error output, which marks it so. */
function stopped(cell: OutputCell, signal: AbortSignal, when: "before" | "during"): CellFailure {
  const evalue = `explr run was stopped (${String(signal.reason)}) ${when} this cell; the cells after it did not run`;
  cell.outputs.push({
    output_type: "error",
    ename: stoppedName,
    evalue,
    traceback: [`${stoppedName}: ${evalue}`],
  });
  return { cell: 0, ename: stoppedName, evalue, traceback: [] };
}

async function executeCell(
  client: KernelClient,
  cell: OutputCell,
  source: string,
  collector: NotebookOutputs,
  widgets: WidgetStates,
  { timeoutSeconds, onActivity, signal }: ExecuteOptions,
): Promise<CellFailure | undefined> {
  const request = client.message("execute_request", {
    code: source,
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false, // headless: nobody to answer input()
    stop_on_error: true,
  });
  collector.startCell();
  const applyOutputs = () => {
    for (const message of client.outputsOf(request)) {
      collector.apply(cell, message);
      widgets.apply(message);
    }
  };
  const done = (async () => {
    const reply = await client.send(request);
    await client.idle(request);
    return reply;
  })();
  let timer: NodeJS.Timeout | undefined;
  let shown: string | undefined;
  const watching = onActivity
    ? setInterval(() => {
        const line = latestActivity(client.outputsOf(request));
        if (line === undefined || line === shown) return;
        shown = line;
        onActivity(line);
      }, activityPollMs)
    : undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    if (timeoutSeconds !== undefined) timer = setTimeout(() => resolve("timeout"), timeoutSeconds * 1000);
  });
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"stopped">((resolve) => {
    onAbort = () => resolve("stopped");
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    // a kernel that dies mid-cell is that cell's failure: the notebook so far is still saved
    const reply = await Promise.race([done, timedOut, aborted]).catch((error: Error) => error);
    if (reply === "stopped") {
      applyOutputs();
      return stopped(cell, signal as AbortSignal, "during");
    }
    if (reply instanceof Error) {
      applyOutputs();
      return kernelDeath(reply);
    }
    if (reply === "timeout") {
      await client.request("interrupt_request", {}, "control").catch(() => {});
      // Let the interrupted cell finish replying: a request sent before its error reply would count as queued
      // behind the failure and be aborted (stop_on_error).
      await Promise.race([done.catch(() => {}), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      applyOutputs();
      return {
        cell: 0,
        ename: "TimeoutError",
        evalue: `the cell ran longer than --timeout ${timeoutSeconds} s and was interrupted`,
        traceback: [],
      };
    }
    applyOutputs();
    const content = reply.content as {
      status?: string;
      ename?: string;
      evalue?: string;
      traceback?: string[];
    };
    if (typeof (content as { execution_count?: unknown }).execution_count === "number") {
      cell.execution_count = (content as { execution_count: number }).execution_count;
    }
    if (content.status === "ok") return undefined;
    return {
      cell: 0,
      ename: content.ename ?? "Error",
      evalue: content.evalue ?? String(content.status),
      traceback: content.traceback ?? [],
    };
  } finally {
    clearTimeout(timer);
    clearInterval(watching);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}
