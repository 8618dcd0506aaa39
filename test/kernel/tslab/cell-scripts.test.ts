import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";
import ts from "typescript";
import { CellScripts } from "../../../kernel/tslab/cell-scripts.js";

/** An emit of `file` with its inline source map, as the watch program writes it. */
function emitted(file: string, code: string, esModule = true): string {
  const { outputText } = ts.transpileModule(code, {
    fileName: file.replace(/\.js$/, ".ts"),
    compilerOptions: {
      module: esModule ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
    },
  });
  return outputText;
}

/** tslab's one-pass path: the text comes back as it is. */
const unchanged: typeof ts.transpileModule = (input) => ({ outputText: input, diagnostics: [] });

test("the cell's text is named for the stack, its inline map kept and taken out of the text", () => {
  const scripts = new CellScripts();
  const transpile = scripts.transpileModule(unchanged);
  const text = emitted("__tslab__.js", "const a: number = 1;\nthrow new Error(String(a));\n", false);
  assert.match(text, /sourceMappingURL=data:/, "the emit under test has an inline map");
  const code = "const a: number = 1;\nthrow new Error(String(a));";
  const { value, script } = scripts.naming(code, () => transpile(text, {}).outputText);
  assert.match(script?.name ?? "", /^cell-[0-9a-f]{12}\.js$/);
  assert.doesNotMatch(value, /sourceMappingURL/);
  assert.ok(value.endsWith(`\n//# sourceURL=${script?.name}`), value);
  assert.equal(script?.maps.length, 1);
  assert.equal(JSON.parse(script?.maps[0] ?? "{}").file, "__tslab__.js");
  assert.throws(
    () => vm.runInThisContext(value),
    (error: Error) => {
      assert.ok(error.stack?.includes(`at ${script?.name}:2:`), "V8 names the frame after the script");
      return true;
    },
  );
  const again = scripts.naming(code, () => transpile(text, {}));
  assert.equal(again.script?.name, script?.name, "the same cell run again is the same script");
  const other = scripts.naming("const a: any = 1;\nthrow new Error(String(a));", () => transpile(text, {}));
  assert.notEqual(
    other.script?.name,
    script?.name,
    "another cell: another name, though its JavaScript is the same",
  );
});

test("a cell compiled a second time keeps that compile's map too, first", () => {
  const scripts = new CellScripts();
  const transpile = scripts.transpileModule(ts.transpileModule);
  const text = emitted("__tslab__.js", "enum E { A }\nexport const b = E.A;\n");
  const { value, script } = scripts.naming("enum E { A }\nexport const b = E.A;", () =>
    transpile(text, { compilerOptions: { module: ts.ModuleKind.CommonJS } }),
  );
  const maps = script?.maps;
  assert.equal(maps?.length, 2);
  assert.equal(JSON.parse(maps?.[1] ?? "{}").file, "__tslab__.js");
  assert.notEqual(maps?.[0], maps?.[1]);
  assert.match(value.outputText, /exports\.b = /, "compiled to CommonJS");
  assert.equal(value.outputText.match(/\/\/# source/g)?.length, 1, value.outputText);
});

test("other files a cell imports, and texts outside a cell's compile, run without maps or names", () => {
  const scripts = new CellScripts();
  const transpile = scripts.transpileModule(unchanged);
  const side = emitted("helpers.js", "export const h = 1;\n");
  const { value, script } = scripts.naming(
    'import { h } from "./helpers";',
    () => transpile(side, {}).outputText,
  );
  assert.equal(script, undefined);
  assert.equal(value, side.replace(/\/\/# sourceMappingURL=\S*\s*$/, ""));
  assert.ok(value.endsWith(";\n"), "the last line break stays, as tslab's text has it");
  const cell = emitted("__tslab__.js", "export const c = 1;\n");
  assert.doesNotMatch(transpile(cell, {}).outputText, /\/\/# source/);
});
