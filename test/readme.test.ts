import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";

/**
 * Runs every ```ts block of the README against the built package: a block must run without an error, and a line it
 * prints as a claim ("true"/"false") must say true, so the tour cannot drift from the library.
 */
const run = promisify(execFile);
const entry = pathToFileURL(resolve("dist/src/index.js")).href;
const readme = await readFile("README.md", "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const dir = await mkdtemp(join(tmpdir(), "explr-readme-"));
after(() => rm(dir, { recursive: true, force: true }));

describe("README examples", () => {
  it("has examples", () => assert.ok(blocks.length >= 5));

  it("every block type-checks against the built declarations, as a notebook's cell is checked", () => {
    const files = blocks.map((source, i) => {
      const file = join(dir, `typed-${i + 1}.ts`);
      writeFileSync(file, source);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      paths: { explr: [resolve("dist/src/index.d.ts")] },
      typeRoots: [resolve("node_modules/@types")],
      types: ["node"],
    });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    assert.deepEqual(problems, []);
  });

  blocks.forEach((source, i) => {
    const title = source.split("\n").find((line) => !line.startsWith("import") && line.trim() !== "") ?? "";
    it(`block ${i + 1} runs: ${title.slice(0, 60)}`, async () => {
      const js = ts.transpileModule(source.replaceAll('from "explr"', `from "${entry}"`), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const file = join(dir, `block-${i + 1}.mjs`);
      await writeFile(file, js);
      const { stdout } = await run(process.execPath, [file]);
      const claims = stdout.split("\n").filter((line) => line === "true" || line === "false");
      assert.ok(!claims.includes("false"), `block ${i + 1} printed false:\n${stdout}`);
    });
  });
});
