import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { writeFileAtomic } from "../../src/atomic-write.js";
import { reportIndexHtml } from "../../src/report/index-page.js";
import { notebookToHtml } from "../../src/report/notebook-html.js";
import { drawnCharts, launchChromium, openOffline, resultsDir } from "../plot/chromium.js";
import { executedNotebook } from "./fixture.js";

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test("a report draws its figures offline, in light and dark", async () => {
  const path = join(resultsDir, "report.html");
  await writeFileAtomic(path, notebookToHtml(executedNotebook()));
  for (const scheme of ["light", "dark"] as const) {
    const { page, refused, errors } = await openOffline(browser, path, scheme);
    assert.equal(await drawnCharts(page, 2), 2, `both figures are drawn (${scheme})`);
    assert.equal(await page.locator(".js-plotly-plot .scatterlayer .trace").count(), 3);
    assert.equal(await page.locator("h1").textContent(), "Exponential LR");
    assert.equal(await page.locator("pre.error").count(), 1);
    assert.equal(
      await page.locator(".outputs img").evaluate((img) => (img as HTMLImageElement).naturalWidth),
      64,
    );
    assert.deepEqual(refused, []);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(resultsDir, `report-${scheme}.png`), fullPage: true });
    await page.context().close();
  }
});

test("the index links to the report", async () => {
  const path = join(resultsDir, "index.html");
  await writeFileAtomic(
    path,
    reportIndexHtml([{ title: "Exponential LR", href: "report.html" }], { title: "Runs" }),
  );
  const { page } = await openOffline(browser, path, "light");
  await page.click("text=Exponential LR");
  assert.equal(await drawnCharts(page, 2), 2);
  await page.context().close();
});
