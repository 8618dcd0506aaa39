/**
 * Headless Chromium for the browser tests (`npm run test:browser`): pages are opened from disk with every network
 * request refused, so a figure that needs the internet fails.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

/** Screenshots and pages go here (git-ignored). */
export const resultsDir = resolve("test-results", "browser");

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`,
    );
  }
  await mkdir(resultsDir, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface OpenedPage {
  readonly page: Page;
  /** Requests the page tried to send outside the file system (all refused). */
  readonly refused: string[];
  /** Uncaught errors in the page. */
  readonly errors: string[];
}

/** Opens a file in a fresh context with the given color scheme, refusing any request that is not a local file. */
export async function openOffline(
  browser: Browser,
  path: string,
  colorScheme: "light" | "dark",
): Promise<OpenedPage> {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1200, height: 800 } });
  const refused: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    refused.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path).href);
  return { page, refused, errors };
}

/** Waits until `expected` plotly charts are drawn (or times out) and returns how many there are. */
export async function drawnCharts(page: Page, expected: number): Promise<number> {
  await page
    .waitForFunction((n) => document.querySelectorAll(".js-plotly-plot .main-svg").length >= n, expected, {
      timeout: 20_000,
    })
    .catch(() => undefined);
  return page.locator(".js-plotly-plot").count();
}
