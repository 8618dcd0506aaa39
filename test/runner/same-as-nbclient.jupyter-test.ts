/**
 * `explr run` saves what `jupyter nbconvert --execute` (nbclient) saves for the same notebook on the same kernel:
 * per code cell the same outputs, with the same MIME types, text and plotly figures. Needs Jupyter's nbconvert
 * (Debian: python3-nbconvert python3-nbclient jupyter-client), so it runs in `.ci/run`, not in `npm test`;
 * `EXPLR_PYTHON` names the Python that has it (default python3). All Jupyter state lives in a temp dir.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cliPath } from "../../cli/path.js";
import { runCommand } from "../../runner/run.js";
import { type CodeCell, joinText, type Notebook, type Output } from "../../src/report/nbformat.js";
import { isolatedJupyterEnv } from "../temp-dirs.js";

const sample = fileURLToPath(new URL("../../../test/fixtures/notebooks/sample.ipynb", import.meta.url));
const run = promisify(execFile);

/** What a frontend shows of an output: its type, MIME types, text and figure; not ids or inlined scripts. */
function comparable(output: Output): unknown {
  switch (output.output_type) {
    case "stream":
      return { type: "stream", name: output.name, text: joinText(output.text) };
    case "error":
      return { type: "error", ename: output.ename, evalue: output.evalue };
    default:
      return {
        type: output.output_type,
        mimeTypes: Object.keys(output.data).sort(),
        text: joinText(output.data["text/plain"] as string),
        plotly: output.data["application/vnd.plotly.v1+json"],
      };
  }
}
const codeCells = (notebook: Notebook) => notebook.cells.filter((c): c is CodeCell => c.cell_type === "code");

const home = mkdtempSync(path.join(tmpdir(), "explr-nbclient-"));
after(() => rmSync(home, { recursive: true, force: true }));

test("explr run and jupyter nbconvert --execute save the same outputs", { timeout: 180_000 }, async () => {
  const env = isolatedJupyterEnv(home);
  await run(process.execPath, [cliPath, "kernel", "install", "--user"], { env });
  const notebook = path.join(home, "sample.ipynb");
  copyFileSync(sample, notebook);
  const python = process.env.EXPLR_PYTHON ?? "python3";
  await run(
    python,
    [
      "-m",
      "nbconvert",
      "--to",
      "notebook",
      "--execute",
      "--ExecutePreprocessor.timeout=120",
      "--output",
      "by-nbclient.ipynb",
      notebook,
    ],
    { env },
  );
  const quiet = { log: () => {}, error: () => {}, interactive: false, status: () => {} };
  assert.equal(await runCommand([notebook, "--out", path.join(home, "out")], quiet), 0);

  const ours = codeCells(JSON.parse(readFileSync(path.join(home, "out", "sample.ipynb"), "utf8")));
  const theirs = codeCells(JSON.parse(readFileSync(path.join(home, "by-nbclient.ipynb"), "utf8")));
  assert.equal(ours.length, theirs.length);
  assert.ok(
    theirs.some((cell) => cell.outputs.length > 0),
    "nbclient ran the cells",
  );
  for (const [index, cell] of ours.entries()) {
    assert.deepEqual(
      cell.outputs.map(comparable),
      theirs[index].outputs.map(comparable),
      `code cell ${index + 1}`,
    );
    // nbclient 0.7 leaves execution_count null; later versions fill it from the reply, as explr run does
    if (theirs[index].execution_count !== null)
      assert.equal(cell.execution_count, theirs[index].execution_count);
  }
});
