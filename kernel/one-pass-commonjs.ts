/**
 * Makes tslab's converter emit a cell's CommonJS in one compile instead of two.
 *
 * tslab emits each cell as an ES module from its watch program, then compiles that text again to CommonJS with
 * `ts.transpileModule`: a new program, a new type checker and a full check of the emitted file, for every cell. That
 * second compile was ~1 ms of a warm ~2.5 ms cell (kernel/README.md, "Performance"). Here TypeScript's own module
 * transformer is appended to the watch program's emit, after tslab's transformers, so the emit already is the
 * CommonJS, and tslab's `transpileModule` call hands that text back unchanged.
 *
 * A file that declares an enum, a namespace or an `import x =` alias at its top level keeps the two compiles:
 * TypeScript compiles those differently for an ES module than for CommonJS (an exported enum is a local `var` in
 * one and `exports.E` in the other), so the module transformer alone would not give the same program. So does a
 * script (a file without import or export, such as a CommonJS `.js` file a cell imports): tslab's transformers can
 * give it an `export`, which the module transformer, seeing a script, would leave in place.
 *
 * test/kernel/one-pass-commonjs.test.ts runs a corpus of cells through tslab's two compiles (in another process,
 * without this hook) and through this, and compares the tokens of the code and what each cell did.
 *
 * How it hooks in: tslab's modules take the compiler from `require("@tslab/typescript-for-tslab")`, whose exports
 * are non-configurable getters, so its functions cannot be replaced on the object. A Proxy of those exports is put
 * in Node's require cache before tslab's converter loads; tslab reads each function through it at call time.
 */
import { createRequire } from "node:module";
import type ts from "typescript";

type TypeScript = typeof ts & { transformModule: ts.TransformerFactory<ts.SourceFile> };
type TslabConverter = typeof import("tslab/dist/converter.js");

const require = createRequire(import.meta.url);

/** tslab's converter module, with one-pass CommonJS emit. Loads the compiler (several hundred ms) on first call. */
export function loadOnePassConverter(): TslabConverter {
  const converterPath = require.resolve("tslab/dist/converter.js");
  const compilerPath = createRequire(converterPath).resolve("@tslab/typescript-for-tslab");
  if (require.cache[converterPath] && !hooked.has(compilerPath)) {
    throw new Error(
      "tslab's converter was loaded before the one-pass CommonJS hook: load it through this module",
    );
  }
  if (!hooked.has(compilerPath)) {
    const typescript = createRequire(converterPath)(compilerPath) as TypeScript;
    if (typeof typescript.transformModule !== "function") {
      throw new Error(
        "this TypeScript has no transformModule: the one-pass CommonJS emit needs tslab's pinned compiler",
      );
    }
    const cached = require.cache[compilerPath];
    if (!cached) throw new Error(`${compilerPath} is not in the require cache after loading it`);
    cached.exports = hookCompiler(typescript);
    hooked.add(compilerPath);
  }
  return require(converterPath) as TslabConverter;
}

const hooked = new Set<string>();
let recompiled = 0;

/** How many of tslab's CommonJS compiles fell back to a second compile (none, while the hook works). */
export function secondCompiles(): number {
  return recompiled;
}

function hookCompiler(typescript: TypeScript): TypeScript {
  /** CommonJS texts this emit produced (with a count), waiting for tslab's `transpileModule` call on each. */
  const emitted = new Map<string, number>();

  const transpileModule: typeof ts.transpileModule = (input, options) => {
    const waiting = emitted.get(input);
    if (waiting === undefined) {
      recompiled++;
      return typescript.transpileModule(input, options);
    }
    if (waiting > 1) emitted.set(input, waiting - 1);
    else emitted.delete(input);
    return { outputText: input, diagnostics: [] };
  };

  /**
   * False for a script (tslab's transformers may turn its last statement into an `export`, which only the second
   * compile, seeing a module, converts) and for the declarations TypeScript compiles differently for an ES module.
   */
  const compilesAlikeAsCommonJs = (file: ts.SourceFile): boolean =>
    typescript.isExternalModule(file) &&
    !file.statements.some(
      (statement) =>
        typescript.isEnumDeclaration(statement) ||
        typescript.isModuleDeclaration(statement) ||
        typescript.isImportEqualsDeclaration(statement),
    );

  const withCommonJsEmit = (builder: ts.BuilderProgram): ts.BuilderProgram =>
    new Proxy(builder, {
      get(target, key, receiver) {
        if (key !== "emit") return Reflect.get(target, key, receiver);
        const emit: ts.BuilderProgram["emit"] = (file, writeFile, cancel, onlyDts, transformers) => {
          if (!file || !compilesAlikeAsCommonJs(file))
            return target.emit(file, writeFile, cancel, onlyDts, transformers);
          return target.emit(
            file,
            (name, text, ...rest) => {
              if (name.endsWith(".js")) emitted.set(text, (emitted.get(text) ?? 0) + 1);
              writeFile?.(name, text, ...rest);
            },
            cancel,
            onlyDts,
            { ...transformers, after: [...(transformers?.after ?? []), typescript.transformModule] },
          );
        };
        return emit;
      },
    });

  const createWatchCompilerHost = ((...args: Parameters<typeof ts.createWatchCompilerHost>) => {
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
        return callback && ((builder: ts.BuilderProgram) => callback(withCommonJsEmit(builder)));
      },
      set: (callback: typeof afterProgramCreate) => {
        afterProgramCreate = callback;
      },
    });
    return host;
  }) as typeof ts.createWatchCompilerHost;

  const replaced: Partial<Record<keyof TypeScript, unknown>> = { transpileModule, createWatchCompilerHost };
  return new Proxy(typescript, {
    get: (target, key, receiver) =>
      Object.hasOwn(replaced, key) ? replaced[key as keyof TypeScript] : Reflect.get(target, key, receiver),
  });
}
