import assert from "node:assert/strict";
import { test } from "node:test";
import { stripVTControlCharacters } from "node:util";
import ts from "typescript";
import { heapCheckGlobal, heapChecks, heapChecksOn } from "../../../kernel/tslab/heap-checks.js";
import { KernelClient } from "../../../runner/client.js";
import { heapGuardSkip } from "../heap-guard-skip.js";

/** `code` compiled as a cell is (an ES2022 module) with the checks, on or off. */
const compile = (code: string, on = true): string =>
  ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    transformers: { before: [heapChecks(ts, () => on)] },
  }).outputText;
const checks = (code: string) => compile(code).split(`throw ${heapCheckGlobal};`).length - 1;

test("every loop body and every function body with a block gets one check", () => {
  const cases: [string, number][] = [
    ["for (let i = 0; i < 3; i++) f(i);", 1],
    ["for (const k in o) { f(k); }", 1],
    ["for (const x of xs) f(x);", 1],
    ["for await (const x of xs) f(x);", 1],
    ["while (true) f();", 1],
    ["do f(); while (g());", 1],
    ["function f() { return 1; }", 1],
    ["const f = function () { return 1; };", 1],
    ["const f = async () => { await g(); };", 1],
    ["const f = () => 1;", 0],
    ["class C { m() { return 1; } get a() { return 1; } set a(v) {} static s() {} }", 4],
    ["const o = { m() {}, get a() { return 1; } };", 2],
    ["function* g() { while (true) yield 1; }", 2],
    ["declare function d(): void; function o(x: number): void; function o(x: unknown) {}", 1],
    ["abstract class A { abstract m(): void; }", 0],
    ["for (;;) { for (;;) { function f() {} } }", 3],
  ];
  for (const [code, count] of cases) assert.equal(checks(code), count, code);
});

test("the emitted JavaScript of a sample: the check first, after a prologue, a statement body made a block", () => {
  const check = (indent: string) =>
    `${indent}if (${heapCheckGlobal}.flag[0] !== 0)\n${indent}    throw ${heapCheckGlobal};\n`;
  assert.equal(
    compile('function f(n: number) {\n  "use strict";\n  while (n > 0) n--;\n  return n;\n}\n'),
    'function f(n) {\n    "use strict";\n' +
      check("    ") +
      "    while (n > 0) {\n" +
      check("        ") +
      "        n--;\n    }\n    return n;\n}\n",
  );
});

test("a cell without loops or functions, and any cell with the checks off, is unchanged", () => {
  for (const code of [
    "const a = [1, 2].map((x) => x + 1);\nawait g();\nconsole.log(a);",
    "let x = f(1) ? 2 : 3;",
  ]) {
    assert.equal(compile(code), compile(code, false));
  }
  assert.equal(compile("while (true) f();", false), "while (true)\n    f();\n");
});

test("on only where the kernel defined the checks' global", () => {
  assert.equal(heapChecksOn(), Object.hasOwn(globalThis, heapCheckGlobal));
});

test("in the kernel the global is hidden from the cells' names, and a traceback still points at the cell's line", {
  skip: heapGuardSkip(),
  timeout: 30_000,
}, async () => {
  const client = await KernelClient.start(undefined, undefined, { ...process.env, EXPLR_HISTORY_FILE: "" });
  try {
    const listed = await client.execute(
      `Object.keys(globalThis).includes(${JSON.stringify(heapCheckGlobal)})`,
    );
    assert.equal(
      (listed.outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
      "false",
    );
    const defined = await client.execute(`typeof (globalThis as any).${heapCheckGlobal}.take`);
    assert.equal(
      (defined.outputs.at(-1)?.content.data as Record<string, string> | undefined)?.["text/plain"],
      "'function'",
    );
    const { reply } = await client.execute(
      "function thrower() {\n  for (let i = 0; i < 2; i++) {\n    if (i === 1) throw new Error('boom');\n  }\n}\nthrower();",
      { stop_on_error: false },
    );
    const traceback = stripVTControlCharacters((reply.content.traceback as string[]).join("\n"));
    assert.match(traceback, /Cell In\[\d+\], line 6\n/);
    assert.match(traceback, /Cell In\[\d+\], line 3, in thrower\n/);
    assert.match(traceback, /----> 3 +if \(i === 1\) throw new Error\('boom'\);/);
  } finally {
    client.close();
  }
});
