/**
 * Compiles a check of the heap guard's flag into the cells: at the start of every loop body and every function body,
 * `if (__explrHeapCheck.flag[0] !== 0) throw __explrHeapCheck;`.
 *
 * The heap guard stops a cell's synchronous part at once, but code after an `await` (or in a timer) it can only flag
 * (see kernel/heap-guard.ts): a loop there that never yields to the event loop, or a chain of promises that never
 * drains, would fill the heap up to the point where V8 ends the kernel. With these checks the cell's own code reads
 * the flag, one load of a typed array's element while it is down, and once it is up throws the global itself; the
 * kernel takes the limit where the cell ends and reports the MemoryError. Nothing is called in the branch: a call or
 * a property load there (a deopt point V8 keeps in the loop) makes a hot loop's optimized code 4-5x slower, a
 * constant's throw about 1.2x (bench/NOTES.md). Every loop and every function (recursion, through promises
 * included) runs a check before it can allocate again.
 *
 * The kernel defines the global (non-enumerable, so cells do not see it among their names) where the heap guard's
 * addon is loaded; without it nothing is inserted. The checks are synthesized nodes without positions: the cell's
 * own nodes keep their source map, so tracebacks still point at the cell's lines.
 */
import type ts from "typescript";

/** The global the checks read and throw: the guard's `HeapCheck`. */
export const heapCheckGlobal = "__explrHeapCheck";

/** Whether the kernel has defined the checks' global (the heap guard is on). */
export const heapChecksOn = (): boolean => Object.hasOwn(globalThis, heapCheckGlobal);

/**
 * The transformer that inserts the checks, for the `before` transformers of an emit; `on` is asked once per file
 * (nothing is inserted while it says false).
 */
export function heapChecks(
  typescript: typeof ts,
  on: () => boolean = heapChecksOn,
): ts.TransformerFactory<ts.SourceFile> {
  const t = typescript;
  return (context) => {
    const { factory } = context;
    /** `if (__explrHeapCheck.flag[0] !== 0) throw __explrHeapCheck;` */
    const check = (): ts.Statement =>
      factory.createIfStatement(
        factory.createStrictInequality(
          factory.createElementAccessExpression(
            factory.createPropertyAccessExpression(factory.createIdentifier(heapCheckGlobal), "flag"),
            0,
          ),
          factory.createNumericLiteral(0),
        ),
        factory.createThrowStatement(factory.createIdentifier(heapCheckGlobal)),
      );

    /** `body` with a check first: a block gets it after its prologue ("use strict"), a statement becomes a block. */
    const checked = <B extends ts.Statement>(body: B): ts.Block => {
      if (!t.isBlock(body)) return factory.createBlock([check(), body], true);
      let prologue = 0;
      while (
        prologue < body.statements.length &&
        isPrologueDirective(body.statements[prologue] as ts.Statement)
      )
        prologue++;
      const statements = [...body.statements.slice(0, prologue), check(), ...body.statements.slice(prologue)];
      return factory.updateBlock(body, statements);
    };
    const isPrologueDirective = (statement: ts.Statement): boolean =>
      t.isExpressionStatement(statement) && t.isStringLiteral(statement.expression);
    const checkedBody = (body: ts.Block | undefined): ts.Block | undefined => body && checked(body);

    const visit = (node: ts.Node): ts.Node => {
      const inner = t.visitEachChild(node, visit, context);
      switch (inner.kind) {
        case t.SyntaxKind.ForStatement: {
          const n = inner as ts.ForStatement;
          return factory.updateForStatement(
            n,
            n.initializer,
            n.condition,
            n.incrementor,
            checked(n.statement),
          );
        }
        case t.SyntaxKind.ForInStatement: {
          const n = inner as ts.ForInStatement;
          return factory.updateForInStatement(n, n.initializer, n.expression, checked(n.statement));
        }
        case t.SyntaxKind.ForOfStatement: {
          const n = inner as ts.ForOfStatement;
          return factory.updateForOfStatement(
            n,
            n.awaitModifier,
            n.initializer,
            n.expression,
            checked(n.statement),
          );
        }
        case t.SyntaxKind.WhileStatement: {
          const n = inner as ts.WhileStatement;
          return factory.updateWhileStatement(n, n.expression, checked(n.statement));
        }
        case t.SyntaxKind.DoStatement: {
          const n = inner as ts.DoStatement;
          return factory.updateDoStatement(n, checked(n.statement), n.expression);
        }
        case t.SyntaxKind.FunctionDeclaration: {
          const n = inner as ts.FunctionDeclaration;
          if (!n.body) return n;
          return factory.updateFunctionDeclaration(
            n,
            n.modifiers,
            n.asteriskToken,
            n.name,
            n.typeParameters,
            n.parameters,
            n.type,
            checkedBody(n.body),
          );
        }
        case t.SyntaxKind.FunctionExpression: {
          const n = inner as ts.FunctionExpression;
          return factory.updateFunctionExpression(
            n,
            n.modifiers,
            n.asteriskToken,
            n.name,
            n.typeParameters,
            n.parameters,
            n.type,
            checked(n.body),
          );
        }
        case t.SyntaxKind.ArrowFunction: {
          const n = inner as ts.ArrowFunction;
          if (!t.isBlock(n.body)) return n;
          return factory.updateArrowFunction(
            n,
            n.modifiers,
            n.typeParameters,
            n.parameters,
            n.type,
            n.equalsGreaterThanToken,
            checked(n.body),
          );
        }
        case t.SyntaxKind.MethodDeclaration: {
          const n = inner as ts.MethodDeclaration;
          if (!n.body) return n;
          return factory.updateMethodDeclaration(
            n,
            n.modifiers,
            n.asteriskToken,
            n.name,
            n.questionToken,
            n.typeParameters,
            n.parameters,
            n.type,
            checkedBody(n.body),
          );
        }
        case t.SyntaxKind.GetAccessor: {
          const n = inner as ts.GetAccessorDeclaration;
          if (!n.body) return n;
          return factory.updateGetAccessorDeclaration(
            n,
            n.modifiers,
            n.name,
            n.parameters,
            n.type,
            checkedBody(n.body),
          );
        }
        case t.SyntaxKind.SetAccessor: {
          const n = inner as ts.SetAccessorDeclaration;
          if (!n.body) return n;
          return factory.updateSetAccessorDeclaration(
            n,
            n.modifiers,
            n.name,
            n.parameters,
            checkedBody(n.body),
          );
        }
        default:
          return inner;
      }
    };

    return (file) => {
      if (file.isDeclarationFile || !on()) return file;
      return t.visitEachChild(file, visit, context);
    };
  };
}
