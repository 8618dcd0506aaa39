/**
 * Loads tslab's TypeScript compiler with its transformation hooks as plain properties, which makes every emit about
 * twice as fast in a long-running process.
 *
 * TypeScript's `transformNodes` (every emit, and `transpileModule`) gives each transformation context a getter and
 * a setter for its two hooks, `onSubstituteNode` and `onEmitNode`. V8 allocates the accessor pair of an object
 * literal in its old generation (`Factory::NewAccessorPair`), so each context's getter and setter closures, and
 * through them everything the transformation holds (its transformers, their state, the nodes they made), are
 * reachable from the old generation until the next full GC: they survive every young-generation GC in between and
 * are copied and promoted, and the emit takes about twice as long as without the accessors (`npm run bench:emit`;
 * the measurements are in bench/NOTES.md, the kernel's log). TypeScript 5.9 has the same accessors.
 *
 * The accessors only guard the hooks: transformers set them while they are created, never after. So the hooks
 * become plain properties of the context, and `transformNodes` reads them once its transformers are created,
 * where it would have begun to refuse changes.
 */
import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import { compileFunction } from "node:vm";

/** The context's two accessor pairs as TypeScript 5.0–5.9 write them (the indentation may differ), from the first. */
const accessorsStart = "get onSubstituteNode() {";
const accessors =
  /get onSubstituteNode\(\) \{\s*return onSubstituteNode;\s*\},\s*set onSubstituteNode\(value\) \{[^}]*\},\s*get onEmitNode\(\) \{\s*return onEmitNode;\s*\},\s*set onEmitNode\(value\) \{[^}]*\},/y;
/** Where `transformNodes` has created its transformers (after which the setters refused changes). */
const transformersCreated = "const transformersWithContext = transformers.map((t) => t(context));";

/** `source` (TypeScript's `typescript.js`) with the transformation hooks as plain properties. */
export function withPlainTransformHooks(source: string): string {
  // indexOf and a sticky match where it found the start: a search of the 9 MB with the pattern is six times slower
  const at = onlyIndexOf(source, accessorsStart);
  accessors.lastIndex = at ?? 0;
  const pairs = at === undefined ? null : accessors.exec(source);
  const created = onlyIndexOf(source, transformersCreated);
  if (at === undefined || !pairs || created === undefined || created < at) {
    throw new Error(
      "this TypeScript's transformNodes is not the one kernel/tslab/transform-hooks.ts knows (" +
        `its hook accessors ${pairs ? "found" : "not found"} once, its transformers' creation ` +
        `${created === undefined ? "not found" : "found"} once after them): update the patterns for this version`,
    );
  }
  const afterCreated = created + transformersCreated.length;
  return (
    source.slice(0, at) +
    "onSubstituteNode, onEmitNode," +
    source.slice(at + pairs[0].length, afterCreated) +
    " onSubstituteNode = context.onSubstituteNode; onEmitNode = context.onEmitNode;" +
    source.slice(afterCreated)
  );
}

/** Where `text` is in `source`, if it is there exactly once. */
function onlyIndexOf(source: string, text: string): number | undefined {
  const first = source.indexOf(text);
  return first !== -1 && source.indexOf(text, first + 1) === -1 ? first : undefined;
}

/** Runs CommonJS `source` as the module at `file` (with its own `require`, `__dirname`, ...). */
export function evaluateCommonJs(file: string, source: string): Module {
  const module = new Module(file);
  module.filename = file;
  const wrapper = compileFunction(source, ["exports", "require", "module", "__filename", "__dirname"], {
    filename: file,
  });
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return module;
}

/**
 * The module of the TypeScript compiler at `compilerPath`, loaded with plain transformation hooks and put in Node's
 * require cache, so that everything that requires the compiler from then on (tslab's converter, ...) gets this one.
 */
export function loadCompilerWithPlainHooks(compilerPath: string): Module {
  const { cache } = createRequire(compilerPath);
  if (cache[compilerPath]) {
    throw new Error(
      `${compilerPath} is already loaded: load the compiler through this module, before anything else`,
    );
  }
  const module = evaluateCommonJs(compilerPath, withPlainTransformHooks(readFileSync(compilerPath, "utf8")));
  cache[compilerPath] = module;
  return module;
}
