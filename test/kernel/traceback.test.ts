import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { stripVTControlCharacters } from "node:util";
import vm from "node:vm";
import ts from "typescript";
import { CellSources, formatTraceback } from "../../kernel/traceback.js";
import { explrArgv, KernelClient } from "../../runner/client.js";
import { schedule } from "../../src/index.js";
import { tempDir } from "../temp-dirs.js";

/**
 * Runs `code` as a cell: compiled with a source map, its script named `name`, registered in `cells`. Returns what
 * it threw, the frames of this test file left out.
 */
function runCell(cells: CellSources, name: string, executionCount: number | undefined, code: string): Error {
  const { outputText, sourceMapText } = ts.transpileModule(code, {
    fileName: "cell.ts",
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true },
  });
  cells.add(name, { executionCount, code, compiled: code, maps: [sourceMapText ?? ""], firstLine: 0 });
  // in a function of its own, as tslab runs a cell (its first line then starts further right)
  const script = `(function () { ${outputText.replace(/\/\/# sourceMappingURL=\S*\s*$/, "")}})()\n//# sourceURL=${name}`;
  try {
    vm.runInThisContext(script);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`the cell ${name} did not throw`);
}

const plain = (error: Error, cells?: CellSources, allFrames = false) =>
  formatTraceback(error.name, error.message, error.stack, { cells, color: false, allFrames });

const f = "globalThis.f = function f(n: number) {\n  return n.toFixed(2);\n};\nconst x = 1;";

test("a frame in a cell: its execution count, its line, the lines around it, an arrow at the one that ran", () => {
  const cells = new CellSources();
  const error = runCell(cells, "t-cell-1.js", 3, `${f}\n(globalThis as any).f(undefined);`);
  const traceback = plain(error, cells);
  assert.equal(traceback[0], "-".repeat(75));
  assert.equal(traceback[1], `TypeError${" ".repeat(33)}Traceback (most recent call last)`);
  assert.equal(traceback.at(-1), "TypeError: Cannot read properties of undefined (reading 'toFixed')");
  const blocks = traceback.slice(2, -1).filter((block) => block.startsWith("Cell"));
  assert.deepEqual(blocks, [
    [
      "Cell In[3], line 5",
      "      3 };",
      "      4 const x = 1;",
      "----> 5 (globalThis as any).f(undefined);",
      "",
    ].join("\n"),
    [
      "Cell In[3], line 2, in f",
      "      1 globalThis.f = function f(n: number) {",
      "----> 2   return n.toFixed(2);",
      "      3 };",
      "      4 const x = 1;",
      "",
    ].join("\n"),
  ]);
  assert.ok(
    traceback.every((block) => !/^\S+ t-cell-1\.js/.test(block)),
    "the script's name is never shown as a location",
  );
});

test("a function defined in an earlier cell points at that cell; the first line of a cell maps to line 1", () => {
  const cells = new CellSources();
  runCell(cells, "t-cell-2.js", 1, `${f}\nthrow new Error("define only");`);
  const error = runCell(cells, "t-cell-3.js", 2, "(globalThis as any).f(null);\nconst y = 2;");
  const titles = plain(error, cells)
    .filter((block) => block.startsWith("Cell"))
    .map((b) => b.split("\n")[0]);
  assert.deepEqual(titles, ["Cell In[2], line 1", "Cell In[1], line 2, in f"]);
});

test("a cell's frame outside its code (the wrapper around it) is left out; a run without a count says so", () => {
  const cells = new CellSources();
  runCell(cells, "t-cell-4.js", 0, 'throw new Error("top");');
  const traceback = (stack: string) => formatTraceback("Error", "top", stack, { cells, color: false });
  assert.deepEqual(traceback("Error: top\n    at t-cell-4.js:1:21\n    at t-cell-4.js:99:1").slice(2, -1), [
    'Cell In[0], line 1\n----> 1 throw new Error("top");\n',
  ]);
  const uncounted = runCell(cells, "t-cell-5.js", undefined, 'throw new Error("top");');
  assert.ok(plain(uncounted, cells).includes('Cell In[ ], line 1\n----> 1 throw new Error("top");\n'));
});

test("the library's frames are at its TypeScript, from the maps it ships: no dist/ or file:// path", () => {
  let thrown: Error | undefined;
  try {
    schedule.exponential({ init: -1, rate: 0.5 });
  } catch (error) {
    thrown = error as Error;
  }
  assert.ok(thrown?.stack?.includes("file://"), "the raw stack has the library's file URLs");
  // this test's own frames aside
  const stack = thrown?.stack
    ?.split("\n")
    .filter((line) => !line.includes("traceback.test"))
    .join("\n");
  const traceback = formatTraceback("RangeError", thrown?.message ?? "", stack, { color: false });
  const library = traceback.filter((block) => block.startsWith("File explr/"));
  assert.match(library[0], /^File explr\/src\/schedule\/basic\.ts:\d+, in exponential\n/);
  assert.match(library[1], /^File explr\/src\/schedule\/validate\.ts:\d+, in requireNonNegative\n/);
  assert.match(
    library[1],
    /^-+> +\d+ .*throw new RangeError/m,
    "the line of the library's source that threw",
  );
  const shown = traceback.join("\n");
  assert.doesNotMatch(shown, /file:\/\/|dist\/src|\.js:/);
});

test("Node's internals, the kernel's and tslab's frames are left out; another package's run of frames is one line", () => {
  const root = new URL("../../../", import.meta.url).pathname;
  const stack = [
    "Error: deep",
    "    at Object.matMul (/nb/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js:10:5)",
    "    at Engine.runKernel (/nb/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js:20:5)",
    "    at lodash (/nb/node_modules/lodash/index.js:1:1)",
    "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    "    at async Object.execute (/x/node_modules/tslab/dist/executor.js:173:17)",
    `    at async Object.execute (file://${root}dist/kernel/tslab/tslab-engine.js:109:22)`,
    "    at async Promise.all (index 0)",
  ].join("\n");
  const traceback = formatTraceback("Error", "deep", stack, { color: false, allFrames: false });
  assert.deepEqual(traceback.slice(2, -1), [
    "[... 1 frame in lodash]\n",
    "[... 2 frames in @tensorflow/tfjs-core]\n",
  ]);
  const all = formatTraceback("Error", "deep", stack, { color: false, allFrames: true }).join("\n");
  for (const hidden of [
    "node:internal/process/task_queues",
    "tslab/dist/executor.js",
    "tslab-engine.js",
    "index 0",
  ]) {
    assert.ok(all.includes(hidden), `asked for, every frame is shown: ${hidden}`);
  }
});

test("colors as ipykernel sends them, and nothing else: without them, the same text", () => {
  const cells = new CellSources();
  const error = runCell(cells, "t-cell-6.js", 4, `${f}\n(globalThis as any).f(undefined);`);
  const colored = formatTraceback(error.name, error.message, error.stack, { cells, color: true });
  assert.equal(
    colored.at(-1),
    "\u001b[0;31mTypeError\u001b[0m: Cannot read properties of undefined (reading 'toFixed')",
  );
  assert.ok(colored.some((block) => block.includes("Cell \u001b[0;32mIn[4], line 5\u001b[0m")));
  assert.ok(
    colored.some((block) => block.includes("n.\u001b[43mtoFixed\u001b[49m(2)")),
    "the call that threw is highlighted",
  );
  assert.deepEqual(
    colored.map((block) => stripVTControlCharacters(block)),
    plain(error, cells),
  );
});

test("a message of several lines stays whole; an error with no frame to show is its error line alone", () => {
  const stack = "Error: first\n    at not a frame\nlast\n    at node:internal/x:1:1";
  assert.deepEqual(formatTraceback("Error", "first\n    at not a frame\nlast", stack, { color: false }), [
    "Error: first\n    at not a frame\nlast",
  ]);
  assert.deepEqual(formatTraceback("Error", "", undefined, { color: false }), ["Error"]);
  assert.deepEqual(formatTraceback("Error", "odd", 42, { color: false }), ["Error: odd"]);
  const shown = formatTraceback("Error", "odd", "Error: odd\n    at f (/somewhere/else.js:1:1)", {
    color: false,
  });
  assert.equal(shown.length, 4, "a frame shown: the header's two lines, the frame, the error line");
});

describe("tracebacks over the kernel protocol", { timeout: 120_000 }, () => {
  let kernel: KernelClient;
  before(async () => {
    kernel = await KernelClient.start(tempDir("explr-traceback-"), explrArgv, {
      ...process.env,
      EXPLR_HISTORY_FILE: "",
    });
  });
  after(() => kernel.close());

  /** Runs a cell that must fail: its execution count and its traceback without colors, checked for leaks. */
  async function failing(code: string): Promise<{ count: number; blocks: string[] }> {
    const { reply, outputs } = await kernel.execute(code);
    assert.equal(reply.content.status, "error", `the cell fails: ${code}`);
    const error = outputs.find((m) => m.header.msg_type === "error")?.content;
    assert.ok(error, "an error output on IOPub");
    assert.deepEqual(error.traceback, reply.content.traceback, "the same traceback in the reply");
    const traceback = error.traceback as string[];
    const evalue = String(error.evalue);
    assert.equal(stripVTControlCharacters(evalue), evalue, "evalue is the plain message");
    assert.ok(
      traceback.some((block) => block.includes("\u001b[")),
      "the traceback is colored",
    );
    const blocks = traceback.map((block) => stripVTControlCharacters(block));
    assert.equal(blocks.at(-1), `${error.ename}: ${evalue}`);
    const shown = blocks.join("\n");
    for (const leak of ["evalmachine", "dist/", "file://", "node:internal", "cell-"]) {
      assert.ok(!shown.includes(leak), `no ${leak} in the traceback:\n${shown}`);
    }
    return { count: reply.content.execution_count as number, blocks: blocks.slice(2, -1) };
  }
  const titles = (blocks: string[]) => blocks.map((block) => block.split("\n")[0]);

  test("a throw in the first and in the last line of a cell of several lines", async () => {
    const first = await failing('throw new Error("first");\nconst unused1 = 1;\nconst unused2 = 2;');
    assert.deepEqual(first.blocks, [
      `Cell In[${first.count}], line 1\n----> 1 throw new Error("first");\n      2 const unused1 = 1;\n      3 const unused2 = 2;\n`,
    ]);
    const last = await failing('const before1 = 1;\nconst before2 = 2;\nthrow new Error("last");');
    assert.deepEqual(titles(last.blocks), [`Cell In[${last.count}], line 3`]);
    assert.match(last.blocks[0], /^----> 3 throw new Error\("last"\);$/m);
  });

  test("inside a function from an earlier cell: that cell's count and line", async () => {
    const defined = await kernel.execute(
      "function scale(x: number) {\n  if (x < 0) throw new RangeError('negative: ' + x);\n  return x * 2;\n}",
    );
    assert.equal(defined.reply.content.status, "ok");
    const definedIn = defined.reply.content.execution_count;
    const { count, blocks } = await failing("const z = 1;\nscale(-z);");
    assert.deepEqual(titles(blocks), [
      `Cell In[${count}], line 2`,
      `Cell In[${definedIn}], line 2, in scale`,
    ]);
    assert.match(blocks[1], /^----> 2 {3}if \(x < 0\) throw new RangeError/m);
  });

  test("after an await, in a promise's callback and in a timer's, and in an awaited function of an earlier cell", async () => {
    const afterAwait = await failing(
      "await new Promise((r) => setTimeout(r, 1));\n(null as any).toString();",
    );
    assert.deepEqual(titles(afterAwait.blocks), [`Cell In[${afterAwait.count}], line 2`]);
    const inThen = await failing('await Promise.resolve().then(() => {\n  throw new Error("in then");\n});');
    // the cell awaits on its line 1; the callback threw on its line 2
    assert.deepEqual(titles(inThen.blocks), [
      `Cell In[${inThen.count}], line 1`,
      `Cell In[${inThen.count}], line 2`,
    ]);
    const timer = await failing(
      'await new Promise((_, reject) =>\n  setTimeout(() => reject(new Error("timer")), 1),\n);',
    );
    assert.match(titles(timer.blocks)[0], new RegExp(`^Cell In\\[${timer.count}\\], line 2`));
    const defined = await kernel.execute(
      'async function later() {\n  await new Promise((r) => setTimeout(r, 1));\n  throw new Error("later");\n}',
    );
    const awaited = await failing("await later();");
    assert.deepEqual(titles(awaited.blocks), [
      `Cell In[${awaited.count}], line 1`,
      `Cell In[${defined.reply.content.execution_count}], line 3, in later`,
    ]);
  });

  test("an error 30 calls deep still shows the cell's line that made the first call", async () => {
    const { count, blocks } = await failing(
      'function deep(n: number): number {\n  if (n === 0) throw new Error("bottom");\n  return deep(n - 1) + 1;\n}\ndeep(30);',
    );
    assert.equal(titles(blocks)[0], `Cell In[${count}], line 5`);
    assert.equal(titles(blocks).length, 32);
  });

  test("inside the library: its TypeScript file and line, then the cell", async () => {
    const { count, blocks } = await failing(
      'import { schedule } from "explr";\nschedule.exponential({ init: -1, rate: 0.5 });',
    );
    assert.deepEqual(titles(blocks).slice(0, 1), [`Cell In[${count}], line 2`]);
    assert.match(
      titles(blocks).at(-1) ?? "",
      /^File explr\/src\/schedule\/validate\.ts:\d+, in requireNonNegative$/,
    );
    assert.match(blocks.at(-1) ?? "", /^-+> +\d+ .*throw new RangeError/m);
  });

  test("a cell after a redeclared name, and a cell compiled twice (an enum), keep their lines", async () => {
    assert.equal((await kernel.execute("let dup = 1;")).reply.content.status, "ok");
    assert.equal((await kernel.execute('let dup = "two";')).reply.content.status, "ok");
    const after = await failing("const size = dup.length;\n(dup as any).missing.call();");
    assert.deepEqual(titles(after.blocks), [`Cell In[${after.count}], line 2`]);
    const withEnum = await failing('enum Mode { A }\nconst m = Mode.A;\nthrow new Error("enum " + m);');
    assert.deepEqual(titles(withEnum.blocks), [`Cell In[${withEnum.count}], line 3`]);
  });
});
