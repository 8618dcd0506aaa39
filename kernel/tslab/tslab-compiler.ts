/**
 * tslab's converter over a faster compiler: each cell's CommonJS in one compile (`one-pass-commonjs.ts`), a plain
 * program for its watch instead of TypeScript's builder (`cell-program.ts`), transformation hooks that do not
 * keep every emit alive until the next full GC (`transform-hooks.ts`), and each cell's script named, with its
 * source map kept (`cell-scripts.ts`). tslab's own code is unchanged.
 *
 * How it hooks in: tslab's modules take the compiler from `require("@tslab/typescript-for-tslab")`, whose exports
 * are non-configurable getters, so its functions cannot be replaced on the object. A Proxy of those exports is put in
 * Node's require cache before tslab's converter loads; tslab reads each function through it at call time. Two are
 * replaced: `transpileModule` (tslab's second compile) and `createWatchCompilerHost` (the watch tslab keeps: it gets
 * the plain program and inline source maps, and the builder tslab emits with gets the one-pass emit; a compile that
 * throws leaves it usable, `watch-failures.ts`).
 */
import { createRequire } from "node:module";
import type ts from "typescript";
import { cellProgramFactory } from "./cell-program.js";
import { CellScripts } from "./cell-scripts.js";
import { type OneCompileCommonJs, oneCompileCommonJs } from "./one-pass-commonjs.js";
import { loadCompilerWithPlainHooks } from "./transform-hooks.js";
import { WatchFailures } from "./watch-failures.js";

type TslabConverter = typeof import("tslab/dist/converter.js");

const require = createRequire(import.meta.url);
let hooked: OneCompileCommonJs | undefined;
/** Each cell's script name and source maps (see cell-scripts.ts). */
export const cellScripts = new CellScripts();

/** tslab's converter module, over the faster compiler. Loads the compiler (several hundred ms) on first call. */
export function loadTslabConverter(): TslabConverter {
  const converterPath = require.resolve("tslab/dist/converter.js");
  if (!hooked) {
    if (require.cache[converterPath]) {
      throw new Error(
        "tslab's converter was loaded before its compiler was hooked: load it through this module",
      );
    }
    const compilerPath = createRequire(converterPath).resolve("@tslab/typescript-for-tslab");
    const compiler = loadCompilerWithPlainHooks(compilerPath);
    const typescript = compiler.exports as typeof ts;
    hooked = oneCompileCommonJs(typescript);
    compiler.exports = hookCompiler(typescript, hooked);
  }
  return require(converterPath) as TslabConverter;
}

/** How many texts tslab compiled a second time (see one-pass-commonjs.ts). */
export function secondCompiles(): number {
  return hooked?.secondCompiles() ?? 0;
}

function hookCompiler(typescript: typeof ts, commonJs: OneCompileCommonJs): typeof ts {
  const cellProgram = cellProgramFactory(typescript);
  const watchFailures = new WatchFailures();
  const createWatchCompilerHost = ((...args: unknown[]) => {
    // every emit carries its source map, for tracebacks in the cell's lines (cell-scripts.ts)
    args[1] = { ...(args[1] as ts.CompilerOptions), inlineSourceMap: true };
    args[2] = watchFailures.system(args[2] as ts.System);
    // tslab passes no program factory (null): the watch would use TypeScript's builder
    args[3] = watchFailures.programFactory(
      (args[3] as ts.CreateProgram<ts.BuilderProgram> | null) ?? cellProgram,
    );
    const host = (
      typescript.createWatchCompilerHost as (...a: unknown[]) => ts.WatchCompilerHost<ts.BuilderProgram>
    )(...args);
    // tslab sets afterProgramCreate to keep the builder it emits with; it gets the builder with CommonJS emit
    let afterProgramCreate: ((builder: ts.BuilderProgram) => void) | undefined;
    Object.defineProperty(host, "afterProgramCreate", {
      configurable: true,
      enumerable: true,
      get: () => {
        const callback = afterProgramCreate;
        return callback && ((builder: ts.BuilderProgram) => callback(commonJs.withCommonJsEmit(builder)));
      },
      set: (callback: typeof afterProgramCreate) => {
        afterProgramCreate = callback;
      },
    });
    return host;
  }) as typeof ts.createWatchCompilerHost;

  const replaced: Record<string, unknown> = {
    transpileModule: cellScripts.transpileModule(commonJs.transpileModule),
    createWatchCompilerHost,
  };
  return new Proxy(typescript, {
    get: (target, key, receiver) =>
      typeof key === "string" && Object.hasOwn(replaced, key)
        ? replaced[key]
        : Reflect.get(target, key, receiver),
  });
}
