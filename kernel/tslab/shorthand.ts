/**
 * tslab 1.0.22 makes a name declared in an earlier cell visible by rewriting it to `exports.name`, but misses the
 * shorthand property: `f({ seed })` in a later cell throws "seed is not defined". Writing each shorthand property out
 * (`{ seed: seed }`) before tslab compiles the cell means the same and avoids it. Only columns after such a property
 * on its line move in diagnostics.
 */
import type ts from "typescript";

/**
 * The cell's code with every shorthand property written out; unchanged when it has none.
 *
 * @example expandShorthandProperties("run({ lr, steps: 3 })", ts) // "run({ lr: lr, steps: 3 })"
 */
export function expandShorthandProperties(code: string, typescript: typeof ts): string {
  // a shorthand property lives in an object literal, which needs a `{`: a cell without one is left as it is, and
  // its parse (the whole of this function's cost) is saved
  if (!code.includes("{")) return code;
  // without parent pointers: the walk below needs none, and setting them doubles the parse's cost
  const file = typescript.createSourceFile(
    "cell.ts",
    code,
    typescript.ScriptTarget.Latest,
    false,
    typescript.ScriptKind.TS,
  );
  const ends: { at: number; name: string }[] = [];
  const visit = (node: ts.Node): void => {
    // `{ a = 1 } = value` (a default in a destructuring assignment) has no written-out form to rewrite to
    if (typescript.isShorthandPropertyAssignment(node) && node.objectAssignmentInitializer === undefined) {
      ends.push({ at: node.name.getEnd(), name: node.name.text });
    }
    typescript.forEachChild(node, visit);
  };
  visit(file);
  let expanded = code;
  for (const { at, name } of ends.reverse())
    expanded = `${expanded.slice(0, at)}: ${name}${expanded.slice(at)}`;
  return expanded;
}
