/**
 * ES modules with top-level await, for cells. tslab compiles a cell's `import` to `require`, and Node's
 * `require(esm)` refuses a module graph with top-level await (ERR_REQUIRE_ASYNC_MODULE). Before a cell runs, each
 * module it imports that `require` refuses is loaded with `import()` instead, and the cell's `require` returns that
 * namespace. Loading a cell's imports before its body is what ES modules do anyway (imports are hoisted).
 */
import { isBuiltin } from "node:module";
import { pathToFileURL } from "node:url";
import type ts from "typescript";

type TypeScript = Pick<
  typeof ts,
  "createSourceFile" | "ScriptTarget" | "isImportDeclaration" | "isExportDeclaration" | "isStringLiteral"
>;

/** The module specifiers of a cell's static `import ... from` and `export ... from` declarations, types aside. */
export function importSpecifiers(code: string, typescript: TypeScript): string[] {
  const source = typescript.createSourceFile("cell.ts", code, typescript.ScriptTarget.Latest);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    // type-only imports are erased: the cell never loads them
    const from = typescript.isImportDeclaration(statement)
      ? statement.importClause?.isTypeOnly
        ? undefined
        : statement.moduleSpecifier
      : typescript.isExportDeclaration(statement) && !statement.isTypeOnly
        ? statement.moduleSpecifier
        : undefined;
    if (from && typescript.isStringLiteral(from)) specifiers.push(from.text);
  }
  return specifiers;
}

export class AsyncModules {
  readonly #namespaces = new Map<string, unknown>();

  /** `cellRequire` is the require cells use: it resolves specifiers from the notebook's folder. */
  constructor(private readonly cellRequire: NodeJS.Require) {}

  /** Loads with `import()` the modules of `code` that `require` cannot load; other failures are left to the cell. */
  async prepare(code: string, typescript: TypeScript): Promise<void> {
    if (!/\b(import|export)\b/.test(code)) return;
    for (const specifier of importSpecifiers(code, typescript)) {
      if (this.#namespaces.has(specifier) || isBuiltin(specifier)) continue;
      try {
        this.cellRequire(specifier);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ERR_REQUIRE_ASYNC_MODULE") continue;
        const url = pathToFileURL(this.cellRequire.resolve(specifier)).href;
        this.#namespaces.set(specifier, withEsModuleFlag(await import(url)));
      }
    }
  }

  /** The namespace `prepare` loaded for `specifier`, if it did. */
  get(specifier: string): unknown {
    return this.#namespaces.get(specifier);
  }
}

/**
 * A namespace with a default export, marked `__esModule` as `require(esm)` marks it, so that the compiled
 * `import x from` (`__importDefault`) takes its default export rather than the whole namespace.
 */
function withEsModuleFlag(namespace: Record<string, unknown>): unknown {
  if (!("default" in namespace)) return namespace;
  return new Proxy(namespace, {
    get: (target, key) => (key === "__esModule" ? true : Reflect.get(target, key)),
    has: (target, key) => key === "__esModule" || Reflect.has(target, key),
  });
}
