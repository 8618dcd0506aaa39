import assert from "node:assert/strict";
import { test } from "node:test";
import {
  hasTag,
  injectedSource,
  injectParameters,
  parameterDeclarations,
  parseParameterArgs,
} from "../../runner/parameters.js";
import { joinText, type Notebook } from "../../src/report/nbformat.js";

test("parameter values are JSON when they parse as JSON, else plain strings", () => {
  assert.deepEqual(
    parseParameterArgs([
      "n=3",
      "lr=1e-3",
      "on=true",
      "none=null",
      "name=fast",
      'tag="10"',
      "xs=[1,2]",
      'o={"a":1}',
      "eq=a=b",
    ]),
    { n: 3, lr: 0.001, on: true, none: null, name: "fast", tag: "10", xs: [1, 2], o: { a: 1 }, eq: "a=b" },
  );
});

test("a parameter without = or with a name that is no identifier is refused", () => {
  assert.throws(() => parseParameterArgs(["epochs"]), /must be NAME=VALUE/);
  assert.throws(() => parseParameterArgs(["2x=1"]), /must be NAME=VALUE/);
  assert.throws(() => parseParameterArgs(["a-b=1"]), /must be NAME=VALUE/);
});

test("__proto__, constructor and prototype are refused as names, and __proto__ as a key inside a value", () => {
  for (const name of ["__proto__", "constructor", "prototype"]) {
    assert.throws(
      () => parseParameterArgs(["epochs=3", `${name}={"polluted":true}`]),
      new RegExp(`--param "${name}" is refused: .*object machinery.*rename that parameter`),
    );
  }
  assert.throws(
    () => parseParameterArgs(['cfg={"a":[{"__proto__":{"x":1}}]}']),
    /--param "cfg": its value has a key "__proto__" \(cfg\.a\[0\]\.__proto__\)/,
  );
  assert.equal(({} as { polluted?: boolean }).polluted, undefined, "no prototype was touched");
  assert.deepEqual(parseParameterArgs(['cfg={"proto":1,"constructorName":"x"}']), {
    cfg: { proto: 1, constructorName: "x" },
  });
});

test("numbers JSON cannot carry are refused naming the parameter: overflowing literals, NaN, Infinity", () => {
  assert.throws(
    () => parseParameterArgs(["steps=1e999"]),
    /--param "steps": its value is beyond a double's range and reads as Infinity.*give a finite number/,
  );
  assert.throws(() => parseParameterArgs(["lr=-1e400"]), /--param "lr": its value .* reads as -Infinity/);
  assert.throws(
    () => parseParameterArgs(['cfg={"a":[1,1e999]}']),
    /--param "cfg": cfg\.a\[1\] is beyond a double's range/,
  );
  for (const word of ["NaN", "Infinity", "-Infinity"]) {
    assert.throws(
      () => parseParameterArgs([`x=${word}`]),
      new RegExp(
        `--param "x": ${word.replace("+", "\\+")} is a number JSON cannot carry.*--param x='"${word}"'`,
      ),
    );
  }
  assert.deepEqual(parseParameterArgs(['x="NaN"', "big=1e308", "tiny=1e-400"]), {
    x: "NaN",
    big: 1e308,
    tiny: 0,
  });
});

test("declarations keep their keyword and type annotation; destructuring and nested ones are not parameters", async () => {
  const source = [
    "const epochs: number = 10;",
    'let label = "base", seed: number = 1;',
    "var legacy = 1;",
    "const sizes: readonly number[] = [1, 2];",
    "const { a } = { a: 1 };",
    "function f() { const inner = 1; return inner; }",
  ].join("\n");
  assert.deepEqual(await parameterDeclarations(source), [
    { name: "epochs", keyword: "const", type: "number" },
    { name: "label", keyword: "let", type: undefined },
    { name: "seed", keyword: "let", type: "number" },
    { name: "legacy", keyword: "var", type: undefined },
    { name: "sizes", keyword: "const", type: "readonly number[]" },
  ]);
});

test("the injected cell declares each name again with the parameters cell's keyword and type", () => {
  const source = injectedSource({ label: "fast", epochs: 3 }, [
    { name: "epochs", keyword: "const", type: "number" },
    { name: "label", keyword: "let", type: undefined },
  ]);
  assert.equal(source.split("\n").slice(1).join("\n"), 'let label = "fast";\nconst epochs: number = 3;\n');
});

test("an undeclared parameter is refused with the declared names", () => {
  assert.throws(
    () => injectedSource({ epoch: 3 }, [{ name: "epochs", keyword: "const", type: undefined }]),
    /"epoch" is not declared.*declares: epochs/,
  );
});

const notebook = (cells: Notebook["cells"], minor = 5): Notebook => ({
  nbformat: 4,
  nbformat_minor: minor,
  cells,
});
const codeCell = (source: string, tags?: string[]) => ({
  cell_type: "code" as const,
  source,
  execution_count: null,
  outputs: [],
  ...(tags ? { metadata: { tags } } : {}),
});

test("the injected cell follows the parameters cell and replaces one of an earlier run", async () => {
  const original = notebook([
    codeCell("const a = 1;"),
    codeCell("const n = 1;", ["parameters"]),
    codeCell("const n = 7;", ["injected-parameters"]),
    codeCell("n"),
  ]);
  const injected = await injectParameters(original, { n: 2 });
  assert.deepEqual(
    injected.cells.map((cell) => joinText(cell.source).split("\n").at(-2) ?? joinText(cell.source)),
    ["const a = 1;", "const n = 1;", "const n = 2;", "n"],
  );
  assert.ok(hasTag(injected.cells[2], "injected-parameters"));
  assert.equal(typeof (injected.cells[2] as { id?: unknown }).id, "string");
  assert.equal(original.cells.length, 4, "the input notebook is not changed");
});

test("no parameters: the notebook is unchanged; parameters without a tagged cell: a clear error", async () => {
  const plain = notebook([codeCell("const n = 1;")], 4);
  assert.equal(await injectParameters(plain, {}), plain);
  await assert.rejects(injectParameters(plain, { n: 2 }), /no cell is tagged "parameters"/);
});
