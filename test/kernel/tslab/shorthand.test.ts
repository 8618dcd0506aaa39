import assert from "node:assert/strict";
import { test } from "node:test";
import ts from "typescript";
import { expandShorthandProperties } from "../../../kernel/tslab/shorthand.js";
import { KernelClient } from "../../../runner/client.js";

test("shorthand properties are written out, nested and in destructuring assignments too", () => {
  assert.equal(expandShorthandProperties("run({ lr, steps: 3 })", ts), "run({ lr: lr, steps: 3 })");
  assert.equal(
    expandShorthandProperties("const o = { a, b: { c, d } };\n({ a } = o);", ts),
    "const o = { a: a, b: { c: c, d: d } };\n({ a: a } = o);",
  );
});

test("code without shorthand, destructuring declarations, defaults and strings are unchanged", () => {
  for (const code of [
    "const { a, b } = o;",
    "({ a = 1 } = o);",
    'const s = "{ a }";',
    "function f({ x }: { x: number }) { return x; }",
    "type T = { a: number };",
    "f(a, b) + 1",
  ]) {
    assert.equal(expandShorthandProperties(code, ts), code);
  }
});

test("in the kernel, a shorthand property reaches a name declared in an earlier cell", {
  timeout: 30_000,
}, async () => {
  const client = await KernelClient.start();
  try {
    await client.execute("const seed = 4;");
    const { reply, outputs } = await client.execute(
      "const f = (o: { seed: number }) => o.seed + 1;\n[{ seed }, f({ seed })]",
    );
    assert.equal(reply.content.status, "ok", String(reply.content.evalue));
    assert.equal(
      outputs[0].content.data && (outputs[0].content.data as Record<string, string>)["text/plain"],
      "[ { seed: 4 }, 5 ]",
    );
  } finally {
    await client.shutdown();
  }
});
