/**
 * tslab's converter over explr's faster compiler (kernel/tslab/tslab-compiler.ts: one-pass CommonJS, a plain program for
 * the watch) against tslab as it is (two compiles per cell, TypeScript's builder): the same cells, in order, through
 * both; each cell must compile to the same tokens (the printer may lay a block out differently), with the same side
 * files, declarations and diagnostics, and leave the same values, errors and variables.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { loadTslabConverter, secondCompiles } from "../../../kernel/tslab/tslab-compiler.js";
import { type CellRun, runCells } from "./cell-runs.js";

/**
 * Cells that keep two compiles (top-level enums and namespaces, see the module); two files do too: side.ts (an
 * exported enum) and plain.js (a script).
 */
const twoCompileCells = [
  'import "util";\nenum Color { Red, Green = 4 } const enum K { A = 1 } Color.Green + K.A',
  "namespace N { export const v = 3; } N.v",
  "enum Z { A = 7 } const viaZ = Z.A; viaZ",
];

/** The tokens of JavaScript text: the same program laid out differently gives the same list. */
function tokens(text: string | undefined): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text ?? "");
  const found: string[] = [];
  while (scanner.scan() !== ts.SyntaxKind.EndOfFileToken) found.push(scanner.getTokenText());
  return found;
}

const cells = [
  // first: later, with earlier cells' declarations, tslab's own checker crashes on it
  "declare global { var globalFlag: number } globalThis.globalFlag = 1; globalFlag",
  "1+1",
  "let a = 1; const b = [1, 2, 3]; a = a + 1; a",
  "function f(x: number) { return x * a; } f(3)",
  'class P { #x = 1; static s = 2; static { P.s++; } get x() { return this.#x; } constructor(public y: string) {} }\nnew P("q").x + P.s',
  'import * as path from "path"; import { join, resolve as res } from "path"; import fs from "fs";\njoin("a", "b") + typeof res + typeof fs.readFileSync + path.sep',
  'import "util";',
  ...twoCompileCells,
  "function localEnum() { enum Inner { X = 9 } return Inner.X; } localEnum()",
  "Color.Red + N.v",
  "for (let i = 0; i < 3; i++) { setTimeout(() => i); } a += 10; let { p, q: [r] } = { p: 1, q: [2] }; p + r",
  "const x = await Promise.resolve(5); x * 2",
  'const m = await import("path"); m.basename("/a/b")',
  "export function g() { return 1; } export const h = 2; g() + h",
  "type T = { a: number }; interface I { b: string } const t: T = { a: 1 }; t",
  "function* gen() { yield 1; } async function af() { for await (const v of [1]) { v; } } [...gen()]",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the cell's own template literal
  'label: for (const z of [1, 2]) { if (z) continue label; } `tmpl ${a} ${"s"}`',
  "b.map((v) => v * 2).filter(Boolean)",
  "declare const dd: number; let u: number | undefined; u ??= 3; u",
  'import type { ParsedPath } from "path"; const pp: ParsedPath = { root: "", dir: "", base: "", ext: "", name: "" }; pp',
  'import dflt, { fromFile, E, viaE } from "./side"; dflt(fromFile) + E.A + viaE',
  'import * as M from "./side"; M.fromFile',
  'import { fromJs } from "./plain"; import { twice } from "./chain"; twice(fromJs)',
  '/// <reference path="./script.ts" />\ntypeof fromScript',
  "function deco(t: any) { return t; } @deco class D { @deco m() { return 1; } } new D().m()",
  "export default 5",
  'export { join as j } from "path"',
  "let o = { a: 1, ...{ b: 2 } }; o?.a ?? 0n",
  'const re = /a+/g; "aaa".replace(re, "b")',
  "class Base { m() { return 1; } } class Der extends Base { m() { return super.m() + 1; } } new Der().m()",
  "let counter = 0; function inc() { counter++; return counter; } inc(); inc()",
  "counter",
  "const { a: aa = 1, ...rest } = { a: undefined, b: 2, c: 3 } as any; [aa, rest]",
  "let arr = [1, 2]; [arr[0], arr[1]] = [arr[1], arr[0]]; arr",
  "var vv = 1; vv++; vv",
  "if (true) { var inner = 5; } inner",
  'throw new RangeError("thrown on purpose")',
  "const fn = async () => { await null; return 7; }; await fn()",
  "x2 = 3",
  "let y3: string = 5",
  "a + counter",
];

test("the faster compiler: the same code and the same results as tslab's own", async () => {
  const folder = mkdtempSync(path.join(tmpdir(), "explr-tslab-compiler-"));
  try {
    writeFileSync(
      path.join(folder, "side.ts"),
      [
        "export const fromFile = 41;",
        "export default function dflt(x: number) { return x + 1; }",
        "export enum E { A = 2 }",
        "export const viaE = E.A;",
      ].join("\n"),
    );
    // a CommonJS .js file, and a .ts module that imports another
    writeFileSync(path.join(folder, "plain.js"), "exports.fromJs = 3;\n");
    writeFileSync(path.join(folder, "script.ts"), "const fromScript = 5;\n");
    writeFileSync(path.join(folder, "helper.ts"), "export const factor = 2;\n");
    writeFileSync(
      path.join(folder, "chain.ts"),
      'import { factor } from "./helper";\nexport function twice(x: number) { return factor * x; }\n',
    );
    const cellsFile = path.join(folder, "cells.json");
    writeFileSync(cellsFile, JSON.stringify(cells));
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(new URL("./two-pass-cells.js", import.meta.url)), cellsFile],
      { cwd: folder, encoding: "utf8", maxBuffer: 64 << 20 },
    );
    assert.equal(child.status, 0, child.stderr);
    const twoPass = JSON.parse(child.stdout) as CellRun[];

    process.chdir(folder);
    // through JSON as the child's records came, so that an absent field reads the same on both sides
    const faster = JSON.parse(JSON.stringify(await runCells(loadTslabConverter(), cells))) as CellRun[];

    assert.equal(faster.length, cells.length);
    for (const [i, cell] of cells.entries()) {
      const [expected, actual] = [twoPass[i], faster[i]];
      assert.ok(expected && actual, `cell ${i} has a record on both sides`);
      const { output: expectedOutput, ...expectedRest } = expected;
      const { output: actualOutput, ...actualRest } = actual;
      assert.deepEqual(actualRest, expectedRest, `cell ${i}: ${cell}`);
      assert.deepEqual(tokens(actualOutput), tokens(expectedOutput), `cell ${i}: ${cell}`);
    }
    // the corpus reaches each kind of outcome
    assert.ok(faster.some((run) => run.diagnostics.length > 0));
    assert.ok(faster.some((run) => run.errors.some((e) => e.includes("thrown on purpose"))));
    assert.ok(faster.some((run) => run.sideOutputs?.length));
    assert.ok(faster.some((run) => run.hasToplevelAwait));
    assert.equal(
      secondCompiles(),
      twoCompileCells.length + 2,
      "only scripts and the files with enums or namespaces",
    );
  } finally {
    process.chdir(tmpdir());
    rmSync(folder, { recursive: true, force: true });
  }
});
