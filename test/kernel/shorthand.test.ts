import assert from "node:assert/strict";
import { describe, it } from "node:test";
import ts from "typescript";
import { expandShorthandProperties } from "../../kernel/shorthand.js";

describe("expandShorthandProperties", () => {
  it("spells out shorthand properties in object literals", () => {
    assert.equal(expandShorthandProperties(ts, "f({ lr, steps: 3 })"), "f({ lr: lr, steps: 3 })");
    assert.equal(
      expandShorthandProperties(ts, "[1].map(() => ({ a, b }))"),
      "[1].map(() => ({ a: a, b: b }))",
    );
  });

  it("keeps destructuring assignments' meaning, defaults included", () => {
    assert.equal(expandShorthandProperties(ts, "({ a, b = 2 } = o);"), "({ a: a, b: b = 2 } = o);");
  });

  it("leaves declarations, bindings and other code untouched", () => {
    const code =
      "const { a, b } = o;\nfunction f({ x }: { x: number }) { return x; }\nlet s = o.a ? { ...o } : null;";
    assert.equal(expandShorthandProperties(ts, code), code);
  });
});
