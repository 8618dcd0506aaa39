/**
 * `explr run NOTEBOOK|DIR... [--param key=value ...] [--out DIR] [--timeout S]`: executes notebooks headless on the
 * explr kernel (a fresh kernel per notebook, started in the notebook's folder), and writes into the output folder
 * each executed `.ipynb`, its self-contained HTML report and an `index.html` linking them, and gives each notebook's
 * training runs `tensorboard/<notebook>/` there for their TensorBoard event files. Stops at the first failing
 * cell with the notebook, the cell number and the traceback, and exits 1.
 *
 * @example
 *   explr run notebooks --out out
 *   explr run notebooks/01-schedules.ipynb --param epochs=3 --param label=quick --timeout 600
 */
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs, stripVTControlCharacters } from "node:util";
import { writeFileAtomic } from "../src/atomic-write.js";
import { type ReportLink, reportIndexHtml } from "../src/report/index-page.js";
import type { Notebook } from "../src/report/nbformat.js";
import { notebookTitle, notebookToHtml } from "../src/report/notebook-html.js";
import { TENSORBOARD_DIR_ENV } from "../src/train/tensorboard.js";
import { throttleActivity } from "./cell-activity.js";
import { KernelClient } from "./client.js";
import { type CellFailure, type CellProgress, executeNotebook, stoppedName } from "./execute.js";
import { readNotebook } from "./notebook-check.js";
import { prepareOutFolder } from "./out-folder.js";
import { injectParameters, type ParameterValue, parseParameterArgs } from "./parameters.js";

export const runUsage = `usage: explr run NOTEBOOK|DIR... [--param NAME=VALUE ...] [--out DIR] [--timeout SECONDS]
  Executes notebooks on the explr kernel; writes DIR/<name>.ipynb, DIR/<name>.html and DIR/index.html (default
  DIR: out), and the notebook's training runs their TensorBoard event files into DIR/tensorboard/<name>/. A folder stands for the .ipynb files in it. --param overrides a name declared in the cell tagged
  "parameters" (VALUE is JSON, or else a plain string); --timeout limits each cell.`;

/** The longest --timeout: Node's timers take at most 2³¹ − 1 ms and fire after 1 ms when asked for more. */
const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Where the output lines go; the terminal by default. */
export interface RunConsole {
  log(line: string): void;
  error(line: string): void;
  /** Whether progress may be redrawn in place. */
  readonly interactive: boolean;
  /** Redraws the current line (only called when interactive). */
  status(line: string): void;
}

const terminal: RunConsole = {
  log: (line) => console.log(line),
  error: (line) => console.error(line),
  interactive: process.stderr.isTTY === true,
  status: (line) => process.stderr.write(`\r\x1b[2K${line}`),
};

/** The notebooks named by the arguments: files as given, folders as their `.ipynb` files in name order. */
export async function notebookPaths(args: readonly string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (!info)
      throw new RangeError(`No notebook or folder at "${arg}": give .ipynb files or folders holding them`);
    if (info.isDirectory()) {
      const names = (await readdir(arg)).filter((name) => name.endsWith(".ipynb")).sort();
      paths.push(...names.map((name) => path.join(arg, name)));
    } else paths.push(arg);
  }
  return paths;
}

/** The least time between two activity lines of a cell in a log (not a terminal). */
const activityLogMs = 10_000;

function describeProgress(name: string, progress: CellProgress): string {
  const firstLine = progress.source.split("\n").find((line) => line.trim() !== "") ?? "";
  const shown = firstLine.length > 50 ? `${firstLine.slice(0, 49)}…` : firstLine;
  const where = `${name} cell ${progress.cell}/${progress.cells}`;
  if (progress.status === "running") return `${where} running: ${shown}`;
  return `${where} ${progress.status} ${progress.seconds.toFixed(2)} s  ${shown}`;
}

/** What the index says of a notebook that did not run to its end. */
function describeFailure(failure: CellFailure | undefined, signal: AbortSignal): string {
  if (!failure) return "";
  return signal.aborted && failure.ename === stoppedName
    ? `, interrupted at cell ${failure.cell}`
    : `, failed at cell ${failure.cell}`;
}

/** Runs the command; returns the exit code (0: all notebooks ran, 1: a cell failed, 2: bad arguments). */
export async function runCommand(args: string[], out: RunConsole = terminal): Promise<number> {
  let options: { param?: string[]; out?: string; timeout?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values: options, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        param: { type: "string", short: "p", multiple: true },
        out: { type: "string", short: "o" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    out.error(`${(error as Error).message}\n${runUsage}`);
    return 2;
  }
  if (options.help) {
    out.log(runUsage);
    return 0;
  }
  if (positionals.length === 0) {
    out.error(`No notebook given.\n${runUsage}`);
    return 2;
  }
  const timeoutSeconds = options.timeout === undefined ? undefined : Number(options.timeout);
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    out.error(`--timeout must be a positive number of seconds, got "${options.timeout}"`);
    return 2;
  }
  if (timeoutSeconds !== undefined && timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    out.error(
      `--timeout ${options.timeout} is refused: a cell's time limit can be at most ${MAX_TIMEOUT_SECONDS} s ` +
        "(24.8 days, the longest a Node timer waits; a longer one would fire at once); leave --timeout out for no limit",
    );
    return 2;
  }
  const parameters = parseParameterArgs(options.param ?? []);
  const notebooks = await notebookPaths(positionals);
  if (notebooks.length === 0) {
    out.error(`No .ipynb file in ${positionals.join(", ")}: nothing to run`);
    return 2;
  }
  const outDir = path.resolve(options.out ?? "out");
  await prepareOutFolder(outDir);

  // Ctrl-C or SIGTERM stops the run: the cell running is abandoned, its kernel ended, and the notebook so far and
  // the index are written, marked interrupted. A second one exits at once (KernelClient ends its kernels on exit).
  const stop = new AbortController();
  const exitCodeOf = (signal: NodeJS.Signals) => (signal === "SIGINT" ? 130 : 143);
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      out.error(`\nexplr run: stopped by ${signal} again; its kernel is ended, nothing more is written`);
      process.exit(exitCodeOf(signal));
    }
    out.error(`\nexplr run: stopped by ${signal}; its kernel is ended, what ran so far is written`);
    stop.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const code = await runNotebooks(notebooks, parameters, outDir, timeoutSeconds, out, stop.signal);
    return stop.signal.aborted ? exitCodeOf(stop.signal.reason) : code;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Runs each notebook on a fresh kernel and writes its outputs and the index; returns the exit code. */
async function runNotebooks(
  notebooks: readonly string[],
  parameters: Record<string, ParameterValue>,
  outDir: string,
  timeoutSeconds: number | undefined,
  out: RunConsole,
  signal: AbortSignal,
): Promise<number> {
  const links: ReportLink[] = [];
  let exitCode = 0;
  // every notebook read and checked, its parameters injected, before the first kernel starts
  const sources: Notebook[] = [];
  for (const notebookPath of notebooks) {
    sources.push(await injectParameters(await readNotebook(notebookPath), parameters));
  }
  for (const [index, notebookPath] of notebooks.entries()) {
    if (exitCode !== 0 || signal.aborted) {
      links.push({
        title: path.basename(notebookPath),
        outcome: "not run",
        description: signal.aborted
          ? "the run was interrupted before it"
          : "the run stopped at the failure above",
      });
      continue;
    }
    const name = path.basename(notebookPath, ".ipynb");
    const source = sources[index];
    const started = performance.now();
    // The notebook's training runs write their event files under it (train's default); a rerun replaces them, as it
    // replaces the executed notebook.
    const tensorboardDir = path.join(outDir, "tensorboard", name);
    await rm(tensorboardDir, { recursive: true, force: true });
    const client = await KernelClient.start(path.dirname(path.resolve(notebookPath)), undefined, {
      ...process.env,
      [TENSORBOARD_DIR_ENV]: tensorboardDir,
    });
    let result: Awaited<ReturnType<typeof executeNotebook>>;
    let running = "";
    // inside a long cell: what it prints or draws last, redrawn on a terminal, a line every few seconds in a log
    const logActivity = throttleActivity((line) => out.log(`  ${line}`), activityLogMs);
    try {
      result = await executeNotebook(source, client, {
        timeoutSeconds,
        signal,
        onProgress: (progress) => {
          const line = describeProgress(name, progress);
          if (progress.status === "running") {
            running = line;
            if (out.interactive) out.status(line);
          } else {
            if (out.interactive) out.status("");
            out.log(line);
          }
        },
        onActivity: (activity) => {
          if (out.interactive) out.status(`${running} · ${activity}`);
          else logActivity(activity);
        },
      });
    } finally {
      // a stopped run does not wait for the kernel to finish its cell
      if (signal.aborted) client.close();
      else await client.shutdown();
    }
    const ipynbPath = path.join(outDir, `${name}.ipynb`);
    const htmlPath = path.join(outDir, `${name}.html`);
    await writeFileAtomic(ipynbPath, `${JSON.stringify(result.notebook, null, 1)}\n`);
    await writeFileAtomic(htmlPath, notebookToHtml(result.notebook));
    const seconds = (performance.now() - started) / 1000;
    links.push({
      title: notebookTitle(result.notebook),
      href: `${encodeURIComponent(name)}.html`,
      description: `${name}.ipynb, ${seconds.toFixed(1)} s${describeFailure(result.failure, signal)}`,
      outcome: result.failure ? "failed" : "passed",
    });
    // stopped by the signal (a cell the kernel itself reports interrupted, with no signal here, is a failure)
    const stopped = signal.aborted && result.failure?.ename === stoppedName;
    if (stopped) {
      out.error(`${notebookPath}: stopped at cell ${result.failure?.cell} → ${ipynbPath}, ${htmlPath}`);
      continue;
    }
    if (result.failure) {
      const { cell, ename, evalue, traceback } = result.failure;
      // a traceback that only repeats the error's line (the kernel's MemoryError) is not shown twice
      const shown = stripVTControlCharacters(traceback.join("\n"));
      const details = shown !== "" && shown !== `${ename}: ${evalue}` ? `\n${shown}` : "";
      out.error(`\n${notebookPath}: cell ${cell} failed: ${ename}: ${evalue}${details}`);
      exitCode = 1;
      continue;
    }
    out.log(`${notebookPath}: ${seconds.toFixed(1)} s → ${ipynbPath}, ${htmlPath}`);
  }
  const indexPath = path.join(outDir, "index.html");
  const parameterNote = Object.keys(parameters).length > 0 ? ` with ${JSON.stringify(parameters)}` : "";
  const stopNote = signal.aborted
    ? ` Interrupted by ${String(signal.reason)}: the notebooks after it did not run.`
    : "";
  await writeFileAtomic(
    indexPath,
    reportIndexHtml(links, {
      title: "explr notebooks",
      subtitle: `Executed by explr run on ${new Date().toISOString()}${parameterNote}.${stopNote}`,
    }),
  );
  out.log(`Index: ${indexPath}`);
  return exitCode;
}
