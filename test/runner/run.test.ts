/**
 * Integration: `explr run` on real kernels: parameters, a display updated in place, a plot figure, the HTML report,
 * the index, and the exit code and message of a failing cell.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify, stripVTControlCharacters } from "node:util";
import { cliPath } from "../../cli/path.js";
import { type RunConsole, runCommand } from "../../runner/run.js";
import type { CodeCell, DataOutput, Notebook } from "../../src/report/nbformat.js";
import { joinText } from "../../src/report/nbformat.js";
import { TENSORBOARD_DIR_ENV } from "../../src/train/tensorboard.js";
import { heapGuardSkip } from "../kernel/heap-guard-skip.js";
import { runNode } from "../node-process.js";
import { tempDir } from "../temp-dirs.js";

// the fixture stays in the source tree; tests run from dist/
const sample = fileURLToPath(new URL("../../../test/fixtures/notebooks/sample.ipynb", import.meta.url));

function capture(): RunConsole & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    log: (l) => lines.push(l),
    error: (l) => errors.push(l),
    interactive: false,
    status: () => {},
  };
}
const read = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8"));
const codeCells = (notebook: Notebook) => notebook.cells.filter((c): c is CodeCell => c.cell_type === "code");
const plain = (output: unknown) => joinText((output as DataOutput).data["text/plain"] as string);

test("explr run: parameters injected, display updated in place, figure kept, report and index written", {
  timeout: 60_000,
}, async () => {
  const out = tempDir("explr-run-");
  const console = capture();
  const code = await runCommand([sample, "--out", out, "--param", "steps=4", "-p", "label=fast"], console);
  assert.equal(code, 0, console.errors.join("\n"));

  const executed = read(path.join(out, "sample.ipynb"));
  const cells = codeCells(executed);
  assert.deepEqual(
    cells.map((c) => c.execution_count),
    [1, 2, 3, 4, 5],
  );
  const injected = cells[1] as CodeCell & { metadata: { tags: string[] } };
  assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
  assert.match(joinText(injected.source), /const steps: number = 4;\nlet label = "fast";/);

  const [stream, progress] = cells[2].outputs;
  assert.deepEqual(stream, {
    output_type: "stream",
    name: "stdout",
    text: "label=fast steps=4 rates=0.1,0.01\n",
  });
  assert.equal(cells[2].outputs.length, 2, "the updates replaced the display, none was added");
  assert.equal(plain(progress), "step 4");

  const [figure] = cells[3].outputs as DataOutput[];
  const spec = figure.data["application/vnd.plotly.v1+json"] as { data: { name: string; y: number[] }[] };
  assert.deepEqual([spec.data[0].name, spec.data[0].y], ["fast", [0.1, 0.01, 0.001]]);
  assert.equal(plain(cells[4].outputs[0]), "8");

  const html = readFileSync(path.join(out, "sample.html"), "utf8");
  assert.match(html, /<title>Runner sample<\/title>/);
  assert.deepEqual(
    html.match(/<pre class="text">step \d<\/pre>/g),
    ['<pre class="text">step 4</pre>'],
    "the last state only",
  );
  assert.match(html, /class="js-plotly-plot|Plotly\.newPlot/);
  const index = readFileSync(path.join(out, "index.html"), "utf8");
  assert.match(index, /<a href="sample.html">Runner sample<\/a>/);
  assert.deepEqual(
    console.lines.filter((l) => l.startsWith("sample cell")).map((l) => l.split(" ").slice(0, 4).join(" ")),
    [
      "sample cell 2/6 ok",
      "sample cell 3/6 ok",
      "sample cell 4/6 ok",
      "sample cell 5/6 ok",
      "sample cell 6/6 ok",
    ],
  );
});

test("explr run exits 1 at the first failing cell with the notebook, the cell number and the traceback", {
  timeout: 60_000,
}, async () => {
  const dir = tempDir("explr-run-fail-");
  const notebook = read(sample);
  const failing: Notebook = {
    ...notebook,
    cells: [
      ...notebook.cells.slice(0, 2),
      {
        cell_type: "code",
        source: 'function check(n: number) {\n  throw new RangeError("bad steps " + n);\n}\ncheck(steps);',
        execution_count: null,
        outputs: [],
      },
      { cell_type: "code", source: 'console.log("never")', execution_count: null, outputs: [] },
    ],
  };
  const file = path.join(dir, "failing.ipynb");
  writeFileSync(file, JSON.stringify(failing));
  const out = path.join(dir, "out");
  const result = await runNode([cliPath, "run", file, sample, "--out", out]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /failing\.ipynb: cell 3 failed: RangeError: bad steps 3/);
  assert.match(
    result.stderr,
    /Cell In\[\d+\], line 4\n(.*\n)*?----> 4 check\(steps\);\n/,
    "the traceback shows the cell's line that called",
  );
  assert.match(
    result.stderr,
    /Cell In\[\d+\], line 2, in check\n.*\n----> 2 {3}throw new RangeError/,
    "the traceback shows the function's line that threw",
  );
  assert.doesNotMatch(result.stderr, /evalmachine|file:\/\/|dist\//);
  assert.equal(stripVTControlCharacters(result.stderr), result.stderr, "no colors in the message");

  const executed = read(path.join(out, "failing.ipynb"));
  const cells = codeCells(executed);
  assert.equal(cells[1].outputs[0].output_type, "error");
  assert.deepEqual(cells[2].outputs, [], "cells after the failure do not run");
  assert.equal(cells[2].execution_count, null);
  const html = readFileSync(path.join(out, "failing.html"), "utf8");
  assert.match(html, /bad steps 3/);
  assert.match(html, /Cell In\[\d+\], line 2, in check\n.*\n----(?:&gt;|&#62;) 2 {3}throw new RangeError/);
  assert.doesNotMatch(html, /evalmachine|\[0;3\dm/);
  assert.equal(stripVTControlCharacters(html), html, "no colors in the report");
  const index = readFileSync(path.join(out, "index.html"), "utf8");
  assert.match(index, /<a href="failing.html">.*<\/a> <span class="failed">failed<\/span>/);
  assert.match(
    index,
    /<li>sample.ipynb <span class="not-run">not run<\/span>/,
    "the notebook after the failure",
  );
  assert.ok(!readdirSync(out).includes("sample.html"));
});

test("inside a long cell the run shows what the cell prints last: redrawn on a terminal, a line in a log", {
  timeout: 60_000,
}, async () => {
  const dir = tempDir("explr-run-activity-");
  const slow =
    "for (let i = 1; i <= 4; i++) {\n  process.stdout.write('\\rstep ' + i + '/4');\n  await new Promise((r) => setTimeout(r, 500));\n}";
  const notebook: Notebook = {
    ...read(sample),
    cells: [{ cell_type: "code", source: slow, execution_count: null, outputs: [] }],
  };
  const file = path.join(dir, "slow.ipynb");
  writeFileSync(file, JSON.stringify(notebook));
  const log = capture();
  assert.equal(await runCommand([file, "--out", path.join(dir, "log")], log), 0, log.errors.join("\n"));
  const activity = log.lines.filter((line) => line.startsWith("  "));
  assert.equal(activity.length, 1, `one line per 10 s in a log: ${activity}`);
  assert.match(activity[0], /^ {2}step [1-4]\/4$/);
  assert.ok(log.lines.indexOf(activity[0]) < log.lines.findIndex((l) => l.startsWith("slow cell 1/1 ok")));

  const statuses: string[] = [];
  const terminal = { ...capture(), interactive: true, status: (line: string) => statuses.push(line) };
  assert.equal(await runCommand([file, "--out", path.join(dir, "tty")], terminal), 0);
  const drawn = statuses.filter((line) => line.includes(" · "));
  assert.ok(drawn.length >= 2, `the status line is redrawn as the cell prints: ${statuses}`);
  assert.match(drawn.at(-1) ?? "", /^slow cell 1\/1 running: for \(let i = 1.* · step [2-4]\/4$/);
});

test("a parameter value that does not fit the declared type fails at the injected cell", {
  timeout: 60_000,
}, async () => {
  const out = tempDir("explr-run-type-");
  const console = capture();
  assert.equal(await runCommand([sample, "--out", out, "--param", "steps=ten"], console), 1);
  assert.match(console.errors.join("\n"), /sample\.ipynb: cell 3 failed: TypeScriptError: .*string.*number/s);
});

test("bad arguments are refused before any kernel starts", async () => {
  const console = capture();
  await assert.rejects(
    runCommand([sample, "--param", "stepz=4"], console),
    /"stepz" is not declared.*steps, label, rates/,
  );
  assert.equal(await runCommand([sample, "--timeout", "0"], console), 2);
  assert.equal(await runCommand([], console), 2);
  await assert.rejects(runCommand(["no-such.ipynb"], console), /No notebook or folder at "no-such.ipynb"/);
  await assert.rejects(runCommand([sample, "--param", "__proto__=4"], console), /"__proto__" is refused/);
  assert.equal(await runCommand([sample, "--timeout", "3000000"], console), 2);
  assert.equal(await runCommand([sample, "--timeout", "1e999"], console), 2);
  assert.equal(await runCommand([sample, "--timeout", "NaN"], console), 2);
  await assert.rejects(
    runCommand([sample, "--param", "steps=1e999"], console),
    /"steps": its value is beyond/,
  );
  assert.match(
    console.errors.join("\n"),
    new RegExp(
      [
        "--timeout must be a positive number",
        "No notebook given",
        "--timeout 3000000 is refused: .* at most 2147483 s .*leave --timeout out for no limit",
        "--timeout 1e999 is refused",
        '--timeout must be a positive number of seconds, got "NaN"',
      ].join(".*\n.*"),
      "s",
    ),
  );
});

test("a malformed notebook in a folder is refused naming the file, cell and field before any kernel starts", async () => {
  const dir = tempDir("explr-run-malformed-");
  copyFileSync(sample, path.join(dir, "a-good.ipynb"));
  const bad = read(sample) as unknown as { cells: Record<string, unknown>[] };
  bad.cells[2].source = 5;
  writeFileSync(path.join(dir, "b-bad.ipynb"), JSON.stringify(bad));
  const out = path.join(dir, "out");
  await assert.rejects(
    runCommand([dir, "--out", out], capture()),
    /b-bad\.ipynb: cell 3 \(code\): "source" must be a string or a list of strings, got 5/,
  );
  // the good notebook, first in order, was not run: no kernel started
  assert.deepEqual(readdirSync(out), []);
});

test("explr run into a folder it cannot write fails at once, naming the folder and the fix, before any cell runs", {
  timeout: 60_000,
}, async () => {
  // Unwritable for the user running it: a read-only folder, and for root, who writes anywhere else, Linux's /sys.
  const dir = tempDir("explr-run-readonly-");
  const notebook = path.join(dir, "sample.ipynb");
  copyFileSync(sample, notebook);
  const asRoot = process.getuid?.() === 0;
  const out = asRoot ? `/sys/${path.basename(dir)}/out` : path.join(dir, "out");
  if (!asRoot) await promisify(execFile)("mkdir", ["-m", "555", out]);
  const result = await runNode([cliPath, "run", notebook, "--out", out], { cwd: dir });
  assert.equal(result.code, 1, result.stderr);
  assert.match(
    result.stderr.trim(),
    new RegExp(
      `^explr run cannot write its output folder ${out} \\((permission denied|the file system is read-only), ` +
        "E[A-Z]+\\): give another with --out DIR, or make this one writable \\(e\\.g\\. chmod u\\+w\\); nothing was run$",
    ),
  );
  assert.doesNotMatch(result.stdout, /cell/, "no cell ran");
  if (!asRoot) assert.deepEqual(readdirSync(out), []);
});

test("each notebook's training runs get OUT/tensorboard/<notebook> for their event files, emptied of an earlier run's", {
  timeout: 60_000,
}, async () => {
  const dir = tempDir("explr-run-tensorboard-");
  const out = path.join(dir, "out");
  const stale = path.join(out, "tensorboard", "board", "old-seed0");
  mkdirSync(stale, { recursive: true });
  writeFileSync(path.join(stale, "events.out.tfevents.1.old"), "");
  const notebook: Notebook = {
    ...read(sample),
    cells: [
      { cell_type: "code", source: `process.env.${TENSORBOARD_DIR_ENV}`, execution_count: null, outputs: [] },
    ],
  };
  const file = path.join(dir, "board.ipynb");
  writeFileSync(file, JSON.stringify(notebook));
  const log = capture();
  assert.equal(await runCommand([file, "--out", out], log), 0, log.errors.join("\n"));
  const [cell] = codeCells(read(path.join(out, "board.ipynb")));
  assert.equal(plain(cell.outputs[0]), `'${path.join(out, "tensorboard", "board")}'`);
  assert.deepEqual(readdirSync(path.join(out, "tensorboard")), []);
});

/** A notebook that keeps a value, fills the heap in its second cell, and prints in its third. */
function fillingNotebook(dir: string): string {
  const cell = (source: string): CodeCell => ({
    cell_type: "code",
    source,
    execution_count: null,
    outputs: [],
  });
  const file = path.join(dir, "fills.ipynb");
  const notebook: Notebook = {
    nbformat: 4,
    cells: [
      cell("const kept = 41; kept"),
      cell("const big: number[][] = [];\nfor (;;) big.push(new Array(100_000).fill(1.5));"),
      cell('console.log("never")'),
    ],
  };
  writeFileSync(file, JSON.stringify(notebook));
  return file;
}

/** `explr run` of `fillingNotebook` with a 96 MB heap (NODE_OPTIONS reaches the kernel), `env` besides. */
async function runFilling(env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir("explr-run-memory-");
  const out = path.join(dir, "out");
  const result = await runNode([cliPath, "run", fillingNotebook(dir), "--out", out], {
    env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=96", ...env },
  });
  const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
  return { result, lines, executed: codeCells(read(path.join(out, "fills.ipynb"))) };
}

test("explr run: a cell that fills the heap fails in one line that says memory ran out; what ran is saved", {
  skip: heapGuardSkip(),
  timeout: 120_000,
}, async () => {
  const { result, lines, executed } = await runFilling();
  assert.equal(result.code, 1);
  const failed = lines.filter((line) => /memory/.test(line));
  assert.equal(failed.length, 1, result.stderr);
  assert.match(
    failed[0],
    /fills\.ipynb: cell 2 failed: MemoryError: memory ran out: the JavaScript heap reached its limit of 96 MB .*NODE_OPTIONS=--max-old-space-size=<MB> \(e\.g\. 1024\)/,
  );
  assert.equal(lines.at(-1), failed[0], "nothing after it: the traceback would only repeat it");
  assert.equal(plain(executed[0].outputs[0]), "41");
  assert.equal(executed[1].outputs[0].output_type, "error");
  assert.deepEqual(executed[2].outputs, [], "cells after the failure do not run");
});

test("explr run: a kernel without its heap guard dies of a full heap, said in one line; what ran is saved", {
  timeout: 120_000,
}, async () => {
  const { result, lines, executed } = await runFilling({ EXPLR_HEAP_GUARD: "0" });
  assert.equal(result.code, 1);
  const failed = lines.filter((line) => /memory/.test(line));
  assert.equal(failed.length, 1, result.stderr);
  assert.match(
    failed[0],
    /fills\.ipynb: cell 2 failed: OutOfMemory: the kernel ran out of memory: its JavaScript heap reached its limit at \d+ MB and the kernel died; raise the limit with NODE_OPTIONS=--max-old-space-size=<MB>/,
  );
  assert.doesNotMatch(result.stderr, /Native stack|Mark-Compact|FATAL ERROR/);
  assert.equal(plain(executed[0].outputs[0]), "41");
});
