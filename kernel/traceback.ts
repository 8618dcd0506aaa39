/**
 * A runtime error's traceback in the notebook's own lines, as IPython 8 shows it: a frame in a cell as
 * `Cell In[3], line 2` with the lines around it and an arrow at the one that ran, a frame of the library as
 * `File explr/src/....ts:12` (its shipped source maps), other packages' frames collapsed to one line per run of them,
 * Node's internals and the kernel's and tslab's own frames left out (`EXPLR_TRACEBACK=all` shows every frame).
 * ANSI colors as ipykernel sends them; a report strips them.
 *
 * Frames are read from the error's `stack` and mapped only when an error is shown: a cell costs its maps' text, kept
 * as it was emitted (kernel/tslab/cell-scripts.ts names each cell's script, so its frames say which cell).
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A cell the engine ran, for the frames of its script. */
export interface CellSource {
  /** Jupyter's execution count of the run that defined it; none for a run that was not counted (silent). */
  readonly executionCount?: number;
  /** The code as written. */
  readonly code: string;
  /** The code as compiled (it may differ in columns only): the maps' columns are positions in it. */
  readonly compiled: string;
  /** Source maps from the script back to the compiled code, JSON, outermost first. */
  readonly maps: readonly string[];
  /** The 0-based line of the maps' original text where the code begins (what the compiler put before it). */
  readonly firstLine: number;
}

/** The cells an engine ran, by the name of their script. */
export class CellSources {
  readonly #cells = new Map<string, { source: CellSource; maps?: SourceMap[] }>();

  add(scriptName: string, source: CellSource): void {
    this.#cells.set(scriptName, { source });
  }

  /**
   * The cell whose script is `scriptName`, if it is one, and where a 1-based position of that script is in its code
   * (a 1-based line, a 0-based column); no `at` for a position outside the code (the compiler's or tslab's).
   */
  locate(
    scriptName: string,
    line: number,
    column: number,
  ): { cell: CellSource; at?: { line: number; column: number } } | undefined {
    const entry = this.#cells.get(scriptName);
    if (!entry) return undefined;
    entry.maps ??= entry.source.maps.map((text) => new SourceMap(JSON.parse(text) as SourceMapPayload));
    let at: { line: number; column: number } | undefined = { line: line - 1, column: column - 1 };
    for (const map of entry.maps) at = at && originalPosition(map, at.line, at.column);
    if (!at) return { cell: entry.source };
    const codeLine = at.line - entry.source.firstLine + 1;
    const inCode = codeLine >= 1 && codeLine <= entry.source.code.split("\n").length;
    return { cell: entry.source, at: inCode ? { line: codeLine, column: at.column } : undefined };
  }
}

export interface TracebackOptions {
  /** The cells frames may be in. */
  readonly cells?: CellSources;
  /** ANSI colors (Jupyter); false gives plain text. */
  readonly color?: boolean;
  /** Every frame, Node's internals and other packages' included, with its own location. */
  readonly allFrames?: boolean;
}

/** The package this file belongs to: this file is `dist/kernel/traceback.js`. */
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const libraryOutput = path.join(packageRoot, "dist", "src") + path.sep;
/** The kernel's own modules, and tslab's, whose frames say nothing about the cell. */
const kernelPaths = [
  path.join(packageRoot, "dist", "kernel") + path.sep,
  path.join(packageRoot, "dist", "runner") + path.sep,
];
const kernelPackages = /[\\/]node_modules[\\/](tslab|@tslab[\\/][^\\/]+)[\\/]/;

const ansi = {
  red: "\u001b[0;31m",
  green: "\u001b[0;32m",
  boldGreen: "\u001b[1;32m",
  cyan: "\u001b[0;36m",
  highlight: "\u001b[43m",
  endHighlight: "\u001b[49m",
  reset: "\u001b[0m",
};

/** A frame of a V8 stack: `at fn (location:line:column)` or `at location:line:column`. */
interface StackFrame {
  readonly text: string;
  readonly fn?: string;
  readonly location: string;
  readonly line: number;
  readonly column: number;
}

/** A frame shown with its code, under `Cell In[3], line 2` or `File explr/src/x.ts:12`. */
interface CodeFrame {
  readonly kind: "code";
  readonly place: "Cell" | "File";
  readonly where: string;
  readonly fn?: string;
  /** The source the frame is in, where known, and the 1-based line and 0-based column that ran. */
  readonly lines?: readonly string[];
  readonly line?: number;
  readonly column?: number;
}

/** What a frame is shown as: its code, one line for a run of another package's frames, or nothing. */
type Shown = CodeFrame | { kind: "package"; name: string; text: string } | { kind: "hidden"; text: string };

/**
 * The traceback of an error named `ename` with message `evalue` and V8 `stack` (anything else: no frames): a header,
 * a block per frame shown, and `ename: evalue`, one string each, as ipykernel sends them (a frontend joins them
 * with newlines).
 */
export function formatTraceback(
  ename: string,
  evalue: string,
  stack: unknown,
  options: TracebackOptions = {},
): string[] {
  const color = options.color ?? true;
  const allFrames = options.allFrames ?? process.env.EXPLR_TRACEBACK === "all";
  const paint = (code: string, text: string) => (color ? `${code}${text}${ansi.reset}` : text);
  // V8 lists the most recent call first; a traceback, last
  const frames = stackFrames(typeof stack === "string" ? stack : "")
    .reverse()
    .map((frame) => classify(frame, options.cells));
  const blocks: string[] = [];
  for (const [i, frame] of frames.entries()) {
    if (frame.kind === "code") blocks.push(`${codeBlock(frame, paint, color)}\n`);
    else if (allFrames) blocks.push(`${frame.text.trim()}\n`);
    else if (frame.kind === "package") {
      const same = (f: Shown | undefined) => f?.kind === "package" && f.name === frame.name;
      if (same(frames[i - 1])) continue;
      let count = 1;
      while (same(frames[i + count])) count++;
      blocks.push(
        `${paint(ansi.cyan, `[... ${count} ${count === 1 ? "frame" : "frames"} in ${frame.name}]`)}\n`,
      );
    }
  }
  const last = evalue === "" ? paint(ansi.red, ename) : `${paint(ansi.red, ename)}: ${evalue}`;
  // Nothing to trace (a thrown value that is not an error, a stack that cannot be read): the error line alone
  if (blocks.length === 0) return [last];
  return [
    paint(ansi.red, "-".repeat(75)),
    `${paint(ansi.red, ename)}${" ".repeat(Math.max(1, 42 - ename.length))}Traceback (most recent call last)`,
    ...blocks,
    last,
  ];
}

/** The frames at the end of a V8 stack (its message, which may span lines, comes before them). */
function stackFrames(stack: string): (StackFrame | { text: string })[] {
  const lines = stack.split("\n");
  let first = lines.length;
  while (first > 0 && /^\s+at /.test(lines[first - 1])) first--;
  return lines.slice(first).map((text) => {
    // `at async f (...)`: a frame that awaits, in V8's asynchronous stack traces
    const match = /^\s+at (?:async )?(?:(.+?) \((.+):(\d+):(\d+)\)|(.+):(\d+):(\d+))$/.exec(text);
    if (!match) return { text };
    const [, fn, location, line, column, bareLocation, bareLine, bareColumn] = match;
    return {
      text,
      fn,
      location: location ?? bareLocation,
      line: Number(line ?? bareLine),
      column: Number(column ?? bareColumn),
    };
  });
}

function classify(frame: StackFrame | { text: string }, cells: CellSources | undefined): Shown {
  if (!("location" in frame)) return { kind: "hidden", text: frame.text };
  // `Proxy.f`, `Module.f`: a function called as a variable of the notebook (tslab keeps them on a Proxy) or of
  // an imported module's namespace
  const fn = frame.fn?.replace(/^(Proxy|Module)\./, "");
  const inCell = cells?.locate(frame.location, frame.line, frame.column);
  if (inCell) {
    // a position outside the cell's code is in tslab's wrapper around it
    if (!inCell.at) return { kind: "hidden", text: frame.text };
    const { line, column } = inCell.at;
    const lines = inCell.cell.code.split("\n");
    // the column is one of the compiled code: it is one of the code where the line was not rewritten
    const sameLine = lines[line - 1] === inCell.cell.compiled.split("\n")[line - 1];
    return {
      kind: "code",
      place: "Cell",
      where: `In[${inCell.cell.executionCount ?? " "}], line ${line}`,
      fn,
      lines,
      line,
      column: sameLine ? column : undefined,
    };
  }
  const file = frame.location.startsWith("file://") ? fileURLToPath(frame.location) : frame.location;
  if (!path.isAbsolute(file) || kernelPaths.some((p) => file.startsWith(p)) || kernelPackages.test(file)) {
    return { kind: "hidden", text: frame.text };
  }
  if (file.startsWith(libraryOutput)) return libraryFrame(file, frame, fn);
  const inPackage = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](?!.*[\\/]node_modules[\\/])/.exec(
    file,
  );
  if (inPackage) return { kind: "package", name: inPackage[1].replace(/\\/g, "/"), text: frame.text };
  const relative = path.relative(process.cwd(), file);
  const shown = relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
  return {
    kind: "code",
    place: "File",
    where: `${shown}:${frame.line}`,
    fn,
    lines: fileLines(file),
    line: frame.line,
    column: frame.column - 1,
  };
}

/** A frame in the library's compiled output, at its TypeScript source through the map shipped beside it. */
function libraryFrame(file: string, frame: StackFrame, fn: string | undefined): CodeFrame {
  const map = libraryMap(file);
  const entry = map?.findEntry(frame.line - 1, frame.column - 1);
  if (!map || !entry || !("originalSource" in entry)) {
    return {
      kind: "code",
      place: "File",
      where: `explr/${toPosix(path.relative(packageRoot, file))}:${frame.line}`,
      fn,
    };
  }
  const source = path.resolve(path.dirname(file), entry.originalSource);
  const index = map.payload.sources.indexOf(entry.originalSource);
  const content = map.payload.sourcesContent?.[index];
  return {
    kind: "code",
    place: "File",
    where: `explr/${toPosix(path.relative(packageRoot, source))}:${entry.originalLine + 1}`,
    fn,
    lines: content?.split("\n"),
    line: entry.originalLine + 1,
    column: entry.originalColumn,
  };
}

const libraryMaps = new Map<string, SourceMap | undefined>();

/** The source map beside a file of the library's output (read once, when a traceback first needs it). */
function libraryMap(file: string): SourceMap | undefined {
  if (!libraryMaps.has(file)) {
    const mapFile = `${file}.map`;
    libraryMaps.set(
      file,
      existsSync(mapFile)
        ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8")) as SourceMapPayload)
        : undefined,
    );
  }
  return libraryMaps.get(file);
}

/** The lines of a file, if it can be read. */
function fileLines(file: string): string[] | undefined {
  try {
    return readFileSync(file, "utf8").split("\n");
  } catch {
    return undefined;
  }
}

/** The title line of a frame and the lines around the one that ran, that one marked with an arrow. */
function codeBlock(frame: CodeFrame, paint: (code: string, text: string) => string, color: boolean): string {
  const title = `${frame.place} ${paint(ansi.green, frame.where)}`;
  const header = frame.fn ? `${title}, in ${paint(ansi.cyan, frame.fn)}` : title;
  const { lines, line } = frame;
  if (!lines || line === undefined || line > lines.length) return header;
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 2);
  // IPython's gutter: `----> 2` at the line that ran, `      1` elsewhere, wider only past 9999 lines
  const width = String(last).length;
  const gutter = Math.max(7, width + 3);
  const shown: string[] = [header];
  for (let n = first; n <= last; n++) {
    const number = String(n).padStart(width);
    if (n === line) {
      const arrow = `${"-".repeat(gutter - 2 - width)}> ${number}`;
      shown.push(
        `${paint(ansi.green, arrow)} ${color ? highlighted(lines[n - 1], frame.column) : lines[n - 1]}`,
      );
    } else {
      shown.push(`${paint(ansi.boldGreen, number.padStart(gutter))} ${lines[n - 1]}`);
    }
  }
  return shown.join("\n");
}

/** `line` with the word at `column` highlighted, as IPython highlights the expression that ran. */
function highlighted(line: string, column: number | undefined): string {
  if (column === undefined) return line;
  const word = /^[\p{L}\p{N}_$#]+/u.exec(line.slice(column))?.[0];
  if (!word) return line;
  return `${line.slice(0, column)}${ansi.highlight}${word}${ansi.endHighlight}${line.slice(column + word.length)}`;
}

/** The 0-based original position of a 0-based generated one, if the map has an entry on that line. */
function originalPosition(
  map: SourceMap,
  line: number,
  column: number,
): { line: number; column: number } | undefined {
  const entry = map.findEntry(line, column);
  if (!("originalLine" in entry) || entry.generatedLine !== line) return undefined;
  return { line: entry.originalLine, column: entry.originalColumn };
}

function toPosix(file: string): string {
  return file.split(path.sep).join("/");
}
