import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import * as schedule from "../../src/schedule/index.js";

/**
 * Runs the `@example` of every schedule's doc comment (optax-style doctests), so the documentation stays true: each
 * line `expression; // → value` must give that value (numbers to 1e-12 relative, arrays and objects element-wise).
 */
const folder = "src/schedule";
const examples: { where: string; lines: string[] }[] = [];
for (const file of (await readdir(folder)).filter((name) => name.endsWith(".ts")).sort()) {
  const source = await readFile(join(folder, file), "utf8");
  for (const match of source.matchAll(/\* @example\n((?: \* {3}.*\n)+)[\s\S]*?export function (\w+)/g)) {
    const lines = match[1]
      .split("\n")
      .filter(Boolean)
      .map((line) => line.replace(/^ \* {3}/, ""));
    examples.push({ where: `${file} ${match[2]}`, lines });
  }
}

function close(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${path}: expected a number, got ${JSON.stringify(actual)}`);
    const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
    assert.ok(Math.abs((actual as number) - expected) <= tolerance, `${path}: ${actual} is not ${expected}`);
  } else if (typeof expected === "object" && expected !== null) {
    assert.equal(typeof actual, "object", `${path}: expected ${JSON.stringify(expected)}, got ${actual}`);
    const keys = Object.keys(expected);
    assert.deepEqual(Object.keys(actual as object), keys, path);
    for (const key of keys) close((actual as never)[key], (expected as never)[key], `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

/** The example as a function of the schedule namespace; each claimed line becomes a check. */
function compile(lines: readonly string[]): (check: typeof close, names: object) => void {
  const body = lines
    .map((line) => {
      const claim = /^(.*);\s*\/\/ → (.*)$/.exec(line);
      return claim ? `check(${claim[1]}, ${claim[2]}, ${JSON.stringify(claim[1])});` : line;
    })
    .join("\n");
  const js = ts.transpileModule(`with (names) {\n${body}\n}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, alwaysStrict: false },
  }).outputText;
  return new Function("check", "names", js) as (check: typeof close, names: object) => void;
}

describe("schedule doc examples", () => {
  it("every exported schedule constructor has one", () => {
    const documented = new Set(examples.map((e) => e.where.split(" ")[1]));
    for (const name of ["constant", "step", "multiStep", "exponential", "linear", "polynomial", "cosine"]) {
      assert.ok(documented.has(name), `${name} has no @example`);
    }
    for (const name of ["cosineRestarts", "oneCycle", "join", "warmup", "perEpoch", "inEpochs"]) {
      assert.ok(documented.has(name), `${name} has no @example`);
    }
  });

  for (const { where, lines } of examples) {
    it(`${where}: ${lines.at(-1)}`, () => {
      assert.ok(
        lines.some((line) => line.includes("// →")),
        `${where}'s example claims nothing`,
      );
      compile(lines)(close, schedule);
    });
  }

  it("a wrong claim fails", () => {
    assert.throws(() => compile(["constant(0.1)(3); // → 0.2"])(close, schedule), /0\.1 is not 0\.2/);
  });
});
