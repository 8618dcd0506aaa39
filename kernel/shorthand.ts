import type * as TS from "typescript";

/** The TypeScript API, tslab's bundled 5.0 or the project's own (the parts used here are the same in both). */
export type TypeScript = typeof import("typescript");

/**
 * Rewrites shorthand properties `{ lr }` as `{ lr: lr }` before tslab compiles a cell.
 *
 * tslab keeps the variables of earlier cells on `exports` and rewrites every identifier that refers to one into
 * `exports.name`, but it skips the name of a shorthand property (the checker resolves it to the property, not the
 * variable), so `{ lr }` in a later cell throws "lr is not defined" at run time. Spelling the property out lets
 * tslab's rewrite reach it; the meaning is the same everywhere a shorthand may appear (object literals and
 * destructuring assignments, with or without a default `{ a = 1 } = o`).
 */
export function expandShorthandProperties(ts: TypeScript, code: string): string {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const insertions: { at: number; text: string }[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      insertions.push({ at: node.name.end, text: `: ${node.name.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  let result = code;
  for (const { at, text } of insertions.sort((a, b) => b.at - a.at)) {
    result = result.slice(0, at) + text + result.slice(at);
  }
  return result;
}
