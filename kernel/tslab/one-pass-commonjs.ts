/**
 * Makes tslab's converter emit a cell's CommonJS in one compile instead of two.
 *
 * tslab emits each cell as an ES module from its watch program, then compiles that text again to CommonJS with
 * `ts.transpileModule`: a new program, a new type checker and a full check of the emitted file, for every cell. That
 * second compile was a large part of a warm cell's time (bench/NOTES.md, the kernel's log). Here TypeScript's own
 * module transformer is appended to the watch program's emit, after tslab's transformers, so the emit already is
 * the CommonJS, and tslab's `transpileModule` call hands that text back unchanged.
 *
 * A file that declares an enum, a namespace or an `import x =` alias at its top level keeps the two compiles:
 * TypeScript compiles those differently for an ES module than for CommonJS (an exported enum is a local `var` in
 * one and `exports.E` in the other), so the module transformer alone would not give the same program. So does a
 * script (a file without import or export, such as a CommonJS `.js` file a cell imports): tslab's transformers can
 * give it an `export`, which the module transformer, seeing a script, would leave in place.
 *
 * tslab-compiler.ts puts this into tslab's compiler; test/kernel/tslab/tslab-compiler.test.ts runs a corpus of cells
 * through tslab as it is (in another process) and through this, and compares the tokens of the code and what each
 * cell did.
 */
import type ts from "typescript";

type TypeScript = typeof ts & { transformModule: ts.TransformerFactory<ts.SourceFile> };

export interface OneCompileCommonJs {
  /** For tslab's call: the CommonJS a one-pass emit produced comes back as it is; anything else is compiled. */
  transpileModule: typeof ts.transpileModule;
  /** `builder` whose emit of a module appends TypeScript's CommonJS transformer. */
  withCommonJsEmit(builder: ts.BuilderProgram): ts.BuilderProgram;
  /** How many texts went through the second compile (scripts, files with enums or namespaces). */
  secondCompiles(): number;
}

export function oneCompileCommonJs(typescript: typeof ts): OneCompileCommonJs {
  const compiler = typescript as TypeScript;
  if (typeof compiler.transformModule !== "function") {
    throw new Error(
      "this TypeScript has no transformModule: the one-pass CommonJS emit needs tslab's pinned compiler",
    );
  }
  /** CommonJS texts the emit produced (with a count), waiting for tslab's `transpileModule` call on each. */
  const emitted = new Map<string, number>();
  let recompiled = 0;

  const transpileModule: typeof ts.transpileModule = (input, options) => {
    const waiting = emitted.get(input);
    if (waiting === undefined) {
      recompiled++;
      return compiler.transpileModule(input, options);
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
    compiler.isExternalModule(file) &&
    !file.statements.some(
      (statement) =>
        compiler.isEnumDeclaration(statement) ||
        compiler.isModuleDeclaration(statement) ||
        compiler.isImportEqualsDeclaration(statement),
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
            { ...transformers, after: [...(transformers?.after ?? []), compiler.transformModule] },
          );
        };
        return emit;
      },
    });

  return { transpileModule, withCommonJsEmit, secondCompiles: () => recompiled };
}
