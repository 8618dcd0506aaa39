import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { drawnCharts, launchChromium, openOffline, resultsDir } from "../plot/chromium.js";
import { executedNotebook } from "./fixture.js";

/**
 * Jupyter's own HTML export of a notebook with explr figures, opened from disk with the network refused: the figures
 * draw from their text/html output (nbconvert drops the plotly JSON), with plotly.js inlined once. Needs a Python
 * with nbconvert: EXPLR_PYTHON, else Debian's /usr/bin/python3 (installed by .ci/run).
 */
const python = process.env.EXPLR_PYTHON ?? "/usr/bin/python3";
let browser: Browser;
let dir: string;
before(async () => {
  browser = await launchChromium();
  dir = await mkdtemp(join(tmpdir(), "explr-nbconvert-"));
});
after(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The fixture with the keys nbformat's schema requires and explr's own reader does not (cell and output metadata). */
function valid(notebook: ReturnType<typeof executedNotebook>) {
  return {
    ...notebook,
    cells: notebook.cells.map((cell, i) => ({
      id: `cell-${i}`,
      metadata: {},
      ...cell,
      ...("outputs" in cell
        ? {
            outputs: (cell.outputs as unknown as { output_type: string }[]).map((output) =>
              output.output_type === "display_data" || output.output_type === "execute_result"
                ? { metadata: {}, ...output }
                : output,
            ),
          }
        : {}),
    })),
  };
}

test("jupyter nbconvert --to html draws explr's figures offline", async () => {
  const notebook = join(dir, "executed.ipynb");
  await writeFile(notebook, JSON.stringify(valid(executedNotebook())));
  await promisify(execFile)(python, [
    "-m",
    "nbconvert",
    "--to",
    "html",
    "--output-dir",
    resultsDir,
    notebook,
  ]);
  const { page, refused, errors } = await openOffline(browser, join(resultsDir, "executed.html"), "light");
  assert.equal(await drawnCharts(page, 2), 2);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(resultsDir, "nbconvert-export.png"), fullPage: true });
  await page.context().close();
  // nbconvert's template may link to CDNs for its own extras; none of them is needed to draw the figures
  void refused;
});
