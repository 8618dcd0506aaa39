import assert from "node:assert/strict";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { AsyncModules, importSpecifiers } from "../../../kernel/tslab/async-imports.js";
import { tempDir } from "../../temp-dirs.js";
import { installEsmPackage } from "../esm-package.js";

test("importSpecifiers: static imports and re-exports, not type-only ones or dynamic import()", () => {
  const cell = [
    'import { a } from "alpha";',
    'import * as b from "./beta.js";',
    'import "side-effect";',
    'import type { T } from "types-only";',
    'export { c } from "gamma";',
    'export type { U } from "more-types";',
    'const d = await import("delta");',
  ].join("\n");
  assert.deepEqual(importSpecifiers(cell, ts), ["alpha", "./beta.js", "side-effect", "gamma"]);
});

test("AsyncModules loads through import() exactly the modules require() refuses", async () => {
  const dir = tempDir("explr-async-imports-");
  installEsmPackage(dir, "plain-esm", "export const x = 1;\n");
  installEsmPackage(dir, "awaits", "export const y = await Promise.resolve(2);\nexport default 'd';\n");
  const modules = new AsyncModules(createRequire(path.join(dir, "cell.js")));
  await modules.prepare('import { x } from "plain-esm"; import d, { y } from "awaits"; import "missing"', ts);
  assert.equal(modules.get("plain-esm"), undefined, "require(esm) loads it: left to the cell");
  assert.equal(modules.get("missing"), undefined, "the cell reports a missing module itself");
  const awaited = modules.get("awaits") as { y: number; default: string; __esModule: boolean };
  assert.equal(awaited.y, 2);
  assert.equal(awaited.default, "d");
  assert.equal(awaited.__esModule, true, "marked like require(esm), for the compiled default import");
});
