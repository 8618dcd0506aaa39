/**
 * The program tslab's watch compiles each cell with, without TypeScript's builder state.
 *
 * tslab keeps a watch program whose default program is an "emit and semantic diagnostics builder": on every new
 * program it rebuilds the builder's state, which resolves every import of every file (TensorFlow.js's hundreds of
 * declaration files, once a cell imports explr) through a type checker: about half of a distinct cell's time
 * (bench/NOTES.md, the kernel's log). tslab asks that builder for only two things besides the program itself: to emit
 * one file, and the files one file depends on. This gives it a plain program (reusing the old one's structure, as
 * the builder does) with those two, the dependencies found on demand from the one file.
 *
 * Dependencies, as TypeScript's builder counts them: the files a file reaches through its imports, module
 * augmentations, `/// <reference>`s and type reference directives, transitively, and the files that declare an
 * ambient module declared more than once; all files for a file that augments the global scope. Imports are followed
 * as the program resolved them, where the builder asks the type checker for the symbol of each import (the two differ
 * only for an import that resolves to no file but to an ambient module: declaration files, which tslab skips).
 *
 * Its emit also compiles the heap guard's checks into every loop and function body (heap-checks.ts).
 */
import type ts from "typescript";
import { heapChecks } from "./heap-checks.js";

/** What this uses of TypeScript 5.0's internals (tslab pins its compiler). */
type Internal = typeof ts & {
  getNormalizedAbsolutePath(fileName: string, currentDirectory: string): string;
  getDirectoryPath(path: string): string;
  isGlobalScopeAugmentation(module: ts.ModuleDeclaration): boolean;
  bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void;
};
/** The watch program reads its current program with this internal method of a builder. */
type WatchedBuilder = ts.BuilderProgram & { getProgramOrUndefined(): ts.Program | undefined };
interface Resolutions {
  resolvedModules?: {
    forEach(visit: (resolution: { resolvedModule?: { resolvedFileName: string } }) => void): void;
  };
  resolvedTypeReferenceDirectiveNames?: {
    forEach(
      visit: (resolution: { resolvedTypeReferenceDirective?: { resolvedFileName?: string } }) => void,
    ): void;
  };
  moduleAugmentations: readonly (ts.StringLiteral | ts.Identifier)[];
}

export function cellProgramFactory(typescript: typeof ts): ts.CreateProgram<ts.BuilderProgram> {
  const internal = typescript as Internal;
  // the heap guard's checks in every loop and function (heap-checks.ts), before tslab's transformers (all `after`)
  const checks = heapChecks(typescript);
  return (rootNames, options, host, oldBuilder, configFileParsingDiagnostics, projectReferences) => {
    const program =
      rootNames === undefined && oldBuilder
        ? oldBuilder.getProgram()
        : typescript.createProgram({
            rootNames: rootNames ?? [],
            options: options ?? {},
            host,
            oldProgram: (oldBuilder as WatchedBuilder | undefined)?.getProgramOrUndefined(),
            configFileParsingDiagnostics,
            projectReferences,
          });
    // tslab reads a cell's `locals` before it asks for anything else, and for a cell that declares names it only
    // reads them, then compiles the cell again with those names exported. Binding the new files gives it `locals`
    // (the type checker binds every file the same way, and skips those already bound); the checker itself (costly once
    // explr is imported: it merges every global declaration) is made only for a program that is checked
    const compilerOptions = program.getCompilerOptions();
    for (const file of program.getSourceFiles()) internal.bindSourceFile(file, compilerOptions);

    const dependencies = (file: ts.SourceFile): string[] => {
      const augmentations = (file as unknown as Resolutions).moduleAugmentations;
      if (
        augmentations.some((name) => internal.isGlobalScopeAugmentation(name.parent as ts.ModuleDeclaration))
      ) {
        return program.getSourceFiles().map((f) => f.fileName);
      }
      const seen = new Set<string>();
      const visit = (fileName: string | undefined) => {
        const found = fileName === undefined ? undefined : program.getSourceFile(fileName);
        if (!found || seen.has(found.fileName)) return;
        seen.add(found.fileName);
        const resolutions = found as unknown as Resolutions;
        resolutions.resolvedModules?.forEach((r) => {
          visit(r?.resolvedModule?.resolvedFileName);
        });
        resolutions.resolvedTypeReferenceDirectiveNames?.forEach((r) => {
          visit(r?.resolvedTypeReferenceDirective?.resolvedFileName);
        });
        const folder = internal.getDirectoryPath(found.fileName);
        for (const reference of found.referencedFiles) {
          visit(internal.getNormalizedAbsolutePath(reference.fileName, folder));
        }
      };
      visit(file.fileName);
      for (const ambient of program.getTypeChecker().getAmbientModules()) {
        if ((ambient.declarations?.length ?? 0) > 1) {
          for (const declaration of ambient.declarations ?? []) visit(declaration.getSourceFile().fileName);
        }
      }
      return [...seen];
    };

    const builder: Partial<WatchedBuilder> = {
      getProgram: () => program,
      getProgramOrUndefined: () => program,
      getCompilerOptions: () => program.getCompilerOptions(),
      getCurrentDirectory: () => program.getCurrentDirectory(),
      getSourceFile: (fileName) => program.getSourceFile(fileName),
      getSourceFiles: () => program.getSourceFiles(),
      getOptionsDiagnostics: (cancel) => program.getOptionsDiagnostics(cancel),
      getGlobalDiagnostics: (cancel) => program.getGlobalDiagnostics(cancel),
      getConfigFileParsingDiagnostics: () => program.getConfigFileParsingDiagnostics(),
      getSyntacticDiagnostics: (file, cancel) => program.getSyntacticDiagnostics(file, cancel),
      getDeclarationDiagnostics: (file, cancel) => program.getDeclarationDiagnostics(file, cancel),
      getSemanticDiagnostics: (file, cancel) => program.getSemanticDiagnostics(file, cancel),
      emit: (file, writeFile, cancel, onlyDts, transformers) =>
        program.emit(file, writeFile, cancel, onlyDts, {
          ...transformers,
          before: [...(transformers?.before ?? []), checks],
        }),
      getAllDependencies: dependencies,
    };
    return builder as ts.BuilderProgram;
  };
}
