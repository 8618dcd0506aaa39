/**
 * Notebook parameters, as papermill injects them, for TypeScript: the values go into a new cell tagged
 * `injected-parameters` right after the cell tagged `parameters`, and that cell declares each overridden name again
 * with the keyword and type annotation of the parameters cell:
 *
 *   parameters cell:   const epochs: number = 10;  let label = "base";
 *   --param epochs=3 --param label=fast
 *   injected cell:     const epochs: number = 3;  let label = "fast";
 *
 * The kernel lets a later cell declare a name again (the new declaration shadows the old one), so `const`
 * parameters need no rewriting, a `let` stays assignable, and the kernel's type check refuses a value that does not
 * fit the annotation (`--param epochs=ten` with `epochs: number` fails at the injected cell).
 */
import { randomUUID } from "node:crypto";
import type { Cell, Notebook } from "../src/report/nbformat.js";
import { joinText } from "../src/report/nbformat.js";

/** A parameter's value: anything JSON can say. */
export type ParameterValue =
  | null
  | boolean
  | number
  | string
  | ParameterValue[]
  | { [key: string]: ParameterValue };

/** A top-level declaration of the parameters cell. */
export interface ParameterDeclaration {
  readonly name: string;
  readonly keyword: "const" | "let" | "var";
  /** The type annotation's text, e.g. "number" or "readonly number[]"; undefined when inferred. */
  readonly type: string | undefined;
}

const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * Names that reach JavaScript's object machinery instead of a value of their own: `parameters.__proto__ = 3` sets
 * nothing, and an object literal's `"__proto__": {...}` sets its prototype; so they are refused, never dropped.
 */
const RESERVED_NAMES: readonly string[] = ["__proto__", "constructor", "prototype"];

/** JavaScript's numbers that JSON has no words for, as a user would type them. */
const NUMBERS_JSON_LACKS: readonly string[] = ["NaN", "Infinity", "-Infinity", "+Infinity"];

/** What a JSON value holds that cannot be a parameter, with its path like `a.b[0]`; undefined when nothing. */
type Unfit =
  | { readonly kind: "proto key"; readonly path: string }
  | { readonly kind: "not finite"; readonly path: string; readonly value: number };

/**
 * The first key `__proto__` or number JSON cannot write (`1e999` parses as Infinity, which `JSON.stringify` would
 * inject as `null`) inside a JSON value, or undefined when there is none.
 */
function unfitPart(value: ParameterValue, at: string): Unfit | undefined {
  if (typeof value === "number" && !Number.isFinite(value)) return { kind: "not finite", path: at, value };
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    const path = Array.isArray(value) ? `${at}[${key}]` : `${at}.${key}`;
    if (!Array.isArray(value) && key === "__proto__") return { kind: "proto key", path };
    const inner = unfitPart(item, path);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Parses `key=value` arguments. A value that is JSON (number, boolean, null, quoted string, array, object) is that
 * value; anything else is the string itself, so `name=run1` and `name='"run1"'` both give "run1", and a string
 * that looks like a number must be quoted: `tag='"10"'`.
 *
 * @example parseParameterArgs(["epochs=3", "lr=0.1", "label=fast"]) // { epochs: 3, lr: 0.1, label: "fast" }
 */
export function parseParameterArgs(args: readonly string[]): Record<string, ParameterValue> {
  const parameters: Record<string, ParameterValue> = {};
  for (const arg of args) {
    const at = arg.indexOf("=");
    const key = at < 0 ? arg : arg.slice(0, at);
    if (at < 0 || !identifier.test(key)) {
      throw new TypeError(
        `--param "${arg}" must be NAME=VALUE with NAME an identifier, e.g. --param epochs=3`,
      );
    }
    if (RESERVED_NAMES.includes(key)) {
      throw new TypeError(
        `--param "${key}" is refused: ${RESERVED_NAMES.join(", ")} name JavaScript's object machinery, not a ` +
          'value; rename that parameter in the cell tagged "parameters" and pass the new name',
      );
    }
    const text = arg.slice(at + 1);
    if (NUMBERS_JSON_LACKS.includes(text)) {
      throw new RangeError(
        `--param "${key}": ${text} is a number JSON cannot carry (the cell would get null): give a finite ` +
          `number, or --param ${key}='"${text}"' for the string`,
      );
    }
    let value: ParameterValue;
    try {
      value = JSON.parse(text) as ParameterValue;
    } catch {
      value = text;
    }
    const unfit = unfitPart(value, key);
    if (unfit?.kind === "proto key") {
      throw new TypeError(
        `--param "${key}": its value has a key "__proto__" (${unfit.path}), which the injected object literal ` +
          "would take as its prototype instead of a field; rename that key",
      );
    }
    if (unfit?.kind === "not finite") {
      const what = unfit.path === key ? "its value" : unfit.path;
      throw new RangeError(
        `--param "${key}": ${what} is beyond a double's range and reads as ${unfit.value}, which JSON cannot ` +
          "carry (the cell would get null): give a finite number",
      );
    }
    parameters[key] = value;
  }
  return parameters;
}

/** Whether a cell carries `tag` in `metadata.tags`. */
export function hasTag(cell: Cell, tag: string): boolean {
  const tags = (cell as { metadata?: { tags?: unknown } }).metadata?.tags;
  return Array.isArray(tags) && tags.includes(tag);
}

/**
 * The top-level `const`/`let`/`var` declarations of a parameters cell, read with the TypeScript parser (loaded
 * only when parameters are given).
 */
export async function parameterDeclarations(source: string): Promise<ParameterDeclaration[]> {
  const ts = (await import("typescript")).default;
  const file = ts.createSourceFile("parameters.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const declarations: ParameterDeclaration[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const flags = statement.declarationList.flags;
    const keyword = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue; // destructuring: not a parameter by name
      declarations.push({ name: declaration.name.text, keyword, type: declaration.type?.getText(file) });
    }
  }
  return declarations;
}

/** The source of the injected cell: one declaration per parameter, in the order given. */
export function injectedSource(
  parameters: Readonly<Record<string, ParameterValue>>,
  declarations: readonly ParameterDeclaration[],
): string {
  const byName = new Map(declarations.map((declaration) => [declaration.name, declaration]));
  const lines = Object.entries(parameters).map(([name, value]) => {
    const declaration = byName.get(name);
    if (!declaration) {
      const known = declarations.map((d) => d.name).join(", ") || "none";
      throw new RangeError(
        `Parameter "${name}" is not declared in the cell tagged "parameters" (it declares: ${known}): ` +
          "fix the name or declare it there with its default",
      );
    }
    const annotation = declaration.type === undefined ? "" : `: ${declaration.type}`;
    return `${declaration.keyword} ${name}${annotation} = ${JSON.stringify(value)};`;
  });
  return `// Injected parameters (explr run --param)\n${lines.join("\n")}\n`;
}

/**
 * The notebook with its parameters injected: a code cell tagged `injected-parameters` after the cell tagged
 * `parameters`, replacing one left by an earlier run. Without parameters the notebook is returned unchanged.
 */
export async function injectParameters(
  notebook: Notebook,
  parameters: Readonly<Record<string, ParameterValue>>,
): Promise<Notebook> {
  if (Object.keys(parameters).length === 0) return notebook;
  const cells = notebook.cells.filter((cell) => !hasTag(cell, "injected-parameters"));
  const at = cells.findIndex((cell) => hasTag(cell, "parameters"));
  if (at < 0) {
    throw new RangeError(
      `Parameters were given (${Object.keys(parameters).join(", ")}) but no cell is tagged "parameters": ` +
        'add the tag to the cell declaring the defaults (cell metadata: {"tags": ["parameters"]})',
    );
  }
  const declarations = await parameterDeclarations(joinText(cells[at].source));
  const injected = {
    cell_type: "code" as const,
    // nbformat 4.5 requires cell ids
    ...((notebook.nbformat_minor ?? 0) >= 5 ? { id: randomUUID().slice(0, 8) } : {}),
    metadata: { tags: ["injected-parameters"] },
    execution_count: null,
    outputs: [],
    source: injectedSource(parameters, declarations),
  };
  return { ...notebook, cells: [...cells.slice(0, at + 1), injected, ...cells.slice(at + 1)] };
}
