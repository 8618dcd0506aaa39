/**
 * The compiler with plain transformation hooks (kernel/tslab/transform-hooks.ts) against the same compiler as published:
 * the same JavaScript for code whose emit goes through the hooks (const enums, namespaces, module formats, legacy
 * decorators, class fields, `super` in async methods), for tslab's pinned TypeScript and for this package's own.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import type ts from "typescript";
import {
  evaluateCommonJs,
  loadCompilerWithPlainHooks,
  withPlainTransformHooks,
} from "../../../kernel/tslab/transform-hooks.js";

const require = createRequire(import.meta.url);
const compilers = {
  "tslab's pinned TypeScript": createRequire(require.resolve("tslab/dist/converter.js")).resolve(
    "@tslab/typescript-for-tslab",
  ),
  "this package's TypeScript": require.resolve("typescript"),
};

/** Code whose emit substitutes nodes or is notified of them, under each module format. */
const sources = [
  "const enum E { A = 1, B = A * 2 } export const x = E.B + E.A;",
  "export let a = 1; a = 2; a++; export function f() { return a; } export default class K {}",
  "namespace N { export const v = 3; export namespace M { export const w = v; } } export const u = N.M.w;",
  "function d(t: unknown, k?: string) {} @d class C { @d m() {} } export { C };",
  "export class P { static s = 1; #p = 2; static q = P.s + 1; static { this.s++; } get p() { return this.#p; } }",
  "class A { m() { return 1; } } export class B extends A { async n() { return super.m() + (await 1); } }",
  'import def, { named } from "./other"; export * from "./more"; export const z = def + named;',
];
const settings: ts.CompilerOptions[] = [
  { module: 1 /* CommonJS */, target: 9 /* ES2022 */, experimentalDecorators: true },
  { module: 4 /* System */, target: 2 /* ES2015 */, experimentalDecorators: true },
  { module: 2 /* AMD */, target: 1 /* ES5 */, experimentalDecorators: true },
  { module: 99 /* ESNext */, target: 2 /* ES2015 */, useDefineForClassFields: true },
];

for (const [name, compilerPath] of Object.entries(compilers)) {
  test(`${name}: the same JavaScript with plain transformation hooks`, () => {
    const source = readFileSync(compilerPath, "utf8");
    const published = evaluateCommonJs(compilerPath, source).exports as typeof ts;
    const patched = evaluateCommonJs(compilerPath, withPlainTransformHooks(source)).exports as typeof ts;
    assert.notEqual(patched, published);
    for (const compilerOptions of settings) {
      for (const code of sources) {
        const expected = published.transpileModule(code, { compilerOptions }).outputText;
        assert.equal(patched.transpileModule(code, { compilerOptions }).outputText, expected, code);
      }
    }
    // the comparison reaches the hooks: a namespace's export used inside it is substituted by a property of the
    // namespace, an assignment to an exported variable rewritten to the exports object
    const commonJs = { compilerOptions: settings[0] };
    assert.match(patched.transpileModule(sources[2], commonJs).outputText, /M\.w = N\.v;/);
    assert.match(patched.transpileModule(sources[1], commonJs).outputText, /exports\.a = 2/);
  });

  test(`${name}: the patch applies once; a source without the accessors is refused`, () => {
    const patched = withPlainTransformHooks(readFileSync(compilerPath, "utf8"));
    assert.doesNotMatch(patched, /get onSubstituteNode\(\)/);
    assert.match(patched, /onSubstituteNode = context\.onSubstituteNode; onEmitNode = context\.onEmitNode;/);
    assert.throws(() => withPlainTransformHooks(patched), /its hook accessors not found once/);
    assert.throws(
      () => withPlainTransformHooks("module.exports = {};"),
      /update the patterns for this version/,
    );
  });
}

test("the loaded compiler is the one every later require gets; loading it again is refused", () => {
  const compilerPath = compilers["tslab's pinned TypeScript"];
  const module = loadCompilerWithPlainHooks(compilerPath);
  const compiler = module.exports as typeof ts;
  assert.equal(require(compilerPath), compiler);
  assert.equal(typeof compiler.transpileModule, "function");
  assert.throws(() => loadCompilerWithPlainHooks(compilerPath), /is already loaded/);
});
