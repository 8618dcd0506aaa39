/**
 * UI check in a real browser (`npm run test:ui`, run by `.ci/run`; not in `npm test`): JupyterLab and Notebook 7 from
 * a fresh venv, the explr kernelspec in a temp JUPYTER_DATA_DIR, a notebook making two plot figures opened in
 * headless Chromium, Run → Run All Cells, and both charts must be drawn. A cell that advances a training dashboard
 * must make its curves grow while it runs and end with every step, drawn from the plotly JSON; saved from the
 * browser (Ctrl+S), the file on disk must hold that finished dashboard. Then a notebook with a slider and an
 * `interact` figure: the test drags the slider, and the figure must change to the new value's
 * curve and a label set by the kernel's `onChange` must show the new value. Last, notebooks executed by `explr run`
 * are opened without running a cell: untrusted, the saved figures must be drawn; trusted (`jupyter trust`), a slider
 * must be drawn from the saved widget state with the value the kernel left it at. Screenshots go to test-results/ui/.
 *
 * Needs python3 with venv and a pip index that has jupyterlab, notebook, plotly and ipywidgets, and Chromium
 * (`CHROMIUM`, default /usr/bin/chromium). `EXPLR_UI_VENV` reuses a venv that already has them instead of making one.
 * All Jupyter state lives in a temp dir that is removed afterwards.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Browser, chromium, type Page } from "playwright-core";
import { cliPath } from "../../cli/path.js";
import { freePort } from "../../runner/kernel-process.js";
import { isolatedJupyterEnv } from "../temp-dirs.js";

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));
const screenshots = path.join(projectRoot, "test-results", "ui");

const figureCell = (name: string, ys: number[]) =>
  `new plot.Figure({ data: [{ type: "scatter", x: [0, 1, 2], y: ${JSON.stringify(ys)}, name: "${name}" }], layout: { title: { text: "${name}" } } })`;
const notebook = {
  cells: [
    { cell_type: "markdown", id: "title", metadata: {}, source: "# Two figures" },
    {
      cell_type: "code",
      id: "import",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: 'import { plot } from "explr";',
    },
    {
      cell_type: "code",
      id: "first",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: figureCell("first", [1, 3, 2]),
    },
    {
      cell_type: "code",
      id: "second",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: figureCell("second", [2, 1, 3]),
    },
  ],
  metadata: { kernelspec: { display_name: "TypeScript (explr)", language: "typescript", name: "explr" } },
  nbformat: 4,
  nbformat_minor: 5,
};

/**
 * A slider k driving a figure through `interact`, assigned rather than the cell's value (it shows itself), and a
 * label the kernel sets from the slider's onChange.
 */
const widgetNotebook = {
  ...notebook,
  cells: [
    { cell_type: "markdown", id: "title", metadata: {}, source: "# A slider" },
    {
      cell_type: "code",
      id: "import",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: 'import { display, plot, widgets } from "explr";',
    },
    {
      cell_type: "code",
      id: "slider",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: [
        'const k = new widgets.IntSlider({ value: 2, min: 0, max: 10, description: "k" });',
        'const seen = new widgets.Label({ value: "kernel saw k = 2" });',
        'k.onChange((value) => { seen.value = "kernel saw k = " + value; });',
        'const curve = (k: number) => ({ type: "scatter", x: [0, 1, 2], y: [0, k, 2 * k], name: "k = " + k });',
        "display(seen);",
        "// shows itself here, as ipywidgets' interact does, though the cell does not end with it",
        "const view = await widgets.interact({ k }, ({ k }) => new plot.Figure({ data: [curve(k)] }));",
      ].join("\n"),
    },
  ],
};

/**
 * A slider shown by one cell and moved by the kernel in the next: the state saved by `explr run` has k = 7, which
 * neither the constructor (2) nor the widget's default (0) gives.
 */
const savedSliderNotebook = {
  ...notebook,
  cells: [
    {
      cell_type: "code",
      id: "import",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: 'import { widgets } from "explr";',
    },
    {
      cell_type: "code",
      id: "slider",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: 'const k = new widgets.IntSlider({ value: 2, min: 0, max: 10, description: "k" });\nk;',
    },
    {
      cell_type: "code",
      id: "move",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: "k.value = 7;",
    },
  ],
};

/** A dashboard advanced by a running cell: 40 steps, one redraw each, 150 ms apart. */
const dashboardSteps = 40;
const dashboardNotebook = {
  ...notebook,
  cells: [
    {
      cell_type: "code",
      id: "import",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: 'import { plot } from "explr";',
    },
    {
      cell_type: "code",
      id: "train",
      metadata: {},
      execution_count: null,
      outputs: [],
      source: [
        'const dashboard = new plot.TrainingDashboard({ title: "live", intervalMs: 0 });',
        `dashboard.start(${dashboardSteps});`,
        `for (let step = 1; step <= ${dashboardSteps}; step++) {`,
        "  await new Promise((resolve) => setTimeout(resolve, 150));",
        `  dashboard.update(step, { lr: 0.1, loss: 1 / step, accuracy: step / ${dashboardSteps} });`,
        "}",
        "dashboard.finish();",
      ].join("\n"),
    },
  ],
};

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

let home: string;
/** The server's root: the notebooks the browser opens and saves. */
let root: string;
let server: ChildProcess;
let serverLog = "";
let browser: Browser;
let base: string;

before(async () => {
  home = mkdtempSync(path.join(tmpdir(), "explr-ui-"));
  const env = isolatedJupyterEnv(home);
  let venv = process.env.EXPLR_UI_VENV;
  if (!venv) {
    venv = path.join(home, "venv");
    const started = performance.now();
    await run("python3", ["-m", "venv", venv]);
    await run(path.join(venv, "bin", "pip"), [
      "install",
      "-q",
      "--retries",
      "0",
      "--timeout",
      "3",
      "jupyterlab",
      "notebook",
      "plotly",
      "ipywidgets",
    ]);
    console.log(
      `venv with jupyterlab, notebook, plotly, ipywidgets: ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await run(process.execPath, [cliPath, "kernel", "install", "--user"], { env });
  root = path.join(home, "notebooks");
  mkdirSync(root);
  // one file per UI, so that one's session or autosave cannot show outputs in the other
  for (const ui of ["lab", "notebook"]) {
    writeFileSync(path.join(root, `${ui}.ipynb`), JSON.stringify(notebook));
    writeFileSync(path.join(root, `widgets-${ui}.ipynb`), JSON.stringify(widgetNotebook));
    writeFileSync(path.join(root, `dashboard-${ui}.ipynb`), JSON.stringify(dashboardNotebook));
  }
  // the same notebook executed headless by `explr run`, then opened as a reader would: saved outputs, never trusted;
  // and the slider notebook executed the same way, then trusted as its author would (`jupyter trust`), since
  // JupyterLab draws no widget in an untrusted output
  const headless = path.join(home, "headless");
  mkdirSync(headless);
  writeFileSync(path.join(headless, "executed.ipynb"), JSON.stringify(notebook));
  writeFileSync(path.join(headless, "saved-widgets.ipynb"), JSON.stringify(savedSliderNotebook));
  await run(process.execPath, [cliPath, "run", headless, "--out", root], { env });
  await run(path.join(venv, "bin", "jupyter"), ["trust", path.join(root, "saved-widgets.ipynb")], { env });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(
    path.join(venv, "bin", "jupyter-lab"),
    [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--ServerApp.token=",
      "--ServerApp.password=",
      "--allow-root",
      `--ServerApp.root_dir=${root}`,
    ],
    { env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  for (const stream of [server.stdout, server.stderr]) stream?.on("data", (chunk) => (serverLog += chunk));
  await until("the Jupyter server", 60, async () =>
    (await fetch(`${base}/api/status`)).ok ? true : undefined,
  );
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  mkdirSync(screenshots, { recursive: true });
});

after(async () => {
  await browser?.close();
  // the server and the kernels it started are one process group
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 1000));
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGKILL");
  if (home && existsSync(home)) rmSync(home, { recursive: true, force: true });
});

interface Session {
  path: string;
  kernel: { name: string; execution_state: string };
}

/** Waits until the kernel of `notebookPath` (per the server, not the toolbar) is idle. */
function kernelIdle(notebookPath: string): Promise<Session> {
  return until(`the kernel of ${notebookPath} to be idle`, 90, async () => {
    const sessions = (await (await fetch(`${base}/api/sessions`)).json()) as Session[];
    return sessions.find((s) => s.path === notebookPath && s.kernel.execution_state === "idle");
  });
}

/** Opens `url` (the notebook `name`.ipynb) and waits for its explr kernel to be idle; nothing is drawn yet. */
async function openNotebook(url: string, name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on("pageerror", (error) => console.log(`${name} page error: ${error.message}`));
  await page.goto(url);
  const session = await kernelIdle(`${name}.ipynb`);
  assert.equal(session.kernel.name, "explr");
  assert.equal(await page.locator(".js-plotly-plot").count(), 0, "no chart before the run");
  return page;
}

/** Run → Run All Cells. */
async function clickRunAll(page: Page): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu .lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
}

/** Resolves when each of the `codeCells` code cells has an execution count and the kernel is idle. */
async function untilExecuted(page: Page, name: string, codeCells: number): Promise<void> {
  await until(`${name}: all cells executed`, 120, async () => {
    const prompts = await page.locator(".jp-CodeCell .jp-InputPrompt").allInnerTexts();
    return prompts.length === codeCells && prompts.every((p) => /\[\d+\]:/.test(p)) ? true : undefined;
  });
  await kernelIdle(`${name}.ipynb`);
}

/** Opens `url` (the notebook `name`.ipynb) and runs its `codeCells` code cells; resolves when the kernel is idle. */
async function openAndRunAll(url: string, name: string, codeCells: number): Promise<Page> {
  const page = await openNotebook(url, name);
  await clickRunAll(page);
  await untilExecuted(page, name, codeCells);
  return page;
}

/** Opens `url` (the notebook `name`.ipynb), runs all cells, screenshots, and counts the charts drawn. */
async function runAllAndCountCharts(url: string, name: string): Promise<number> {
  const page = await openAndRunAll(url, name, 3);
  await until(`${name}: the charts to be drawn`, 30, async () =>
    (await page.locator(".js-plotly-plot").count()) >= 2 ? true : undefined,
  ).catch(() => {}); // the count below decides
  const charts = await page.locator(".js-plotly-plot").count();
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
  await page.close();
  return charts;
}

test("JupyterLab: Run All Cells draws both figures", { timeout: 240_000 }, async () => {
  const started = performance.now();
  const charts = await runAllAndCountCharts(`${base}/lab/tree/lab.ipynb?reset`, "lab");
  console.log(`JupyterLab: ${charts} charts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(charts, 2, `JupyterLab shows ${charts} of 2 charts (screenshot: test-results/ui/lab.png)`);
});

test("Notebook 7: Run All Cells draws both figures", { timeout: 240_000 }, async () => {
  const started = performance.now();
  const charts = await runAllAndCountCharts(`${base}/notebooks/notebook.ipynb`, "notebook");
  console.log(`Notebook 7: ${charts} charts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(
    charts,
    2,
    `Notebook 7 shows ${charts} of 2 charts (screenshot: test-results/ui/notebook.png)`,
  );
});

interface DashboardSample {
  /** Milliseconds since sampling began. */
  readonly ms: number;
  /** Whether a cell's prompt shows `[*]`. */
  readonly running: boolean;
  /** The points of the chart's "train loss" curve (0 while there is none). */
  readonly points: number;
}

/**
 * Records, in the page itself, every change of whether a cell runs and of how many loss points the chart shows: a
 * MutationObserver sees each state the page drew, however busy its main thread is.
 */
function startSamplingDashboard(page: Page): Promise<void> {
  return page.evaluate(() => {
    const samples: DashboardSample[] = [];
    (window as unknown as { dashboardSamples: DashboardSample[] }).dashboardSamples = samples;
    const started = performance.now();
    const sample = () => {
      const prompts = Array.from(document.querySelectorAll(".jp-CodeCell .jp-InputPrompt"));
      const chart = document.querySelector(".js-plotly-plot") as {
        data?: { name?: string; x: unknown[] }[];
      } | null;
      const running = prompts.some((prompt) => prompt.textContent?.includes("[*]"));
      const points = chart?.data?.find((trace) => trace.name === "train loss")?.x.length ?? 0;
      const last = samples.at(-1);
      if (last?.running !== running || last.points !== points) {
        samples.push({ ms: Math.round(performance.now() - started), running, points });
      }
    };
    sample();
    new MutationObserver(sample).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
}

/** Each plotly output of the saved file `name`.ipynb: its "train loss" x values and its status line. */
function savedDashboards(name: string): { x: number[]; status: string }[] {
  const saved = JSON.parse(readFileSync(path.join(root, `${name}.ipynb`), "utf8")) as {
    cells: { outputs?: { data?: Record<string, unknown> }[] }[];
  };
  return saved.cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((output) => output.data?.["application/vnd.plotly.v1+json"])
    .filter((figure) => figure !== undefined)
    .map((figure) => {
      const { data, layout } = figure as {
        data: { name?: string; x: number[] }[];
        layout?: { annotations?: { text?: string }[] };
      };
      return {
        x: data.find((trace) => trace.name === "train loss")?.x ?? [],
        status: layout?.annotations?.[0]?.text ?? "",
      };
    });
}

/**
 * Runs the dashboard notebook `name`: while its cell runs, the chart must show a loss curve that grows through
 * several redraws; at the end, every step, drawn by plotly's own renderer (the saved form of the output); saved from
 * the browser, the file holds that final state.
 */
async function dashboardAdvancesLive(url: string, name: string): Promise<void> {
  const page = await openNotebook(url, name);
  try {
    await startSamplingDashboard(page);
    await clickRunAll(page);
    const samples = () =>
      page.evaluate(() => (window as unknown as { dashboardSamples: DashboardSample[] }).dashboardSamples);
    await until(`${name}: the dashboard half way while the cell runs`, 60, async () =>
      (await samples()).some((s) => s.running && s.points >= dashboardSteps / 2) ? true : undefined,
    ).catch(() => {}); // the assertions below say what the page showed
    await page.screenshot({ path: path.join(screenshots, `${name}-running.png`), fullPage: true });
    await untilExecuted(page, name, 2);
    const sampled = await samples();
    const live = sampled.filter((s) => s.running).map((s) => s.points);
    const shownWhileRunning = [...new Set(live.filter((points) => points > 0))];
    const timeline = sampled.map((s) => `${s.ms}ms:${s.running ? "*" : ""}${s.points}`).join(" ");
    console.log(`${name}: loss points drawn (* = a cell runs): ${timeline}`);
    assert.ok(
      shownWhileRunning.length >= 3,
      `the loss curve grows while the cell runs; the page drew (* = a cell runs): ${timeline}`,
    );
    assert.deepEqual(
      shownWhileRunning,
      [...shownWhileRunning].sort((a, b) => a - b),
      "the curve only grows",
    );
    const final = await until(`${name}: the final dashboard`, 30, async () => {
      const shown = await page.evaluate(() => {
        const chart = document.querySelector(".js-plotly-plot") as
          | (Element & {
              data?: { name?: string; x: number[] }[];
              layout?: { annotations?: { text?: string }[] };
            })
          | null;
        return {
          x: chart?.data?.find((trace) => trace.name === "train loss")?.x ?? [],
          status: chart?.layout?.annotations?.[0]?.text ?? "",
          byPlotlyRenderer: chart?.classList.contains("jp-RenderedPlotly") ?? false,
        };
      });
      return shown.x.length === dashboardSteps ? shown : undefined;
    }).catch(async (error: Error) => {
      throw new Error(
        `${error.message}; the page shows ${JSON.stringify(await samples().then((s) => s.at(-1)))}`,
      );
    });
    assert.deepEqual(
      final.x,
      Array.from({ length: dashboardSteps }, (_, i) => i + 1),
    );
    assert.match(final.status, new RegExp(`${dashboardSteps}/${dashboardSteps} \\(100\\.0%\\)`));
    assert.ok(final.byPlotlyRenderer, "the final state is the plotly JSON, drawn by plotly's renderer");
    assert.equal(await page.locator(".js-plotly-plot").count(), 1, "one dashboard, updated in place");
    // Saved from the browser as a user saves (Ctrl+S, from the notebook in command mode), the file on disk holds
    // the finished dashboard. The file was written with no outputs, so what it holds now the browser saved.
    await page.locator(".jp-CodeCell .jp-InputPrompt").first().click();
    await page.keyboard.press("Control+s");
    const saved = await until(`${name}: the finished dashboard in the saved file`, 30, async () => {
      const shown = savedDashboards(name);
      return shown.length === 1 && shown[0].x.length === dashboardSteps ? shown[0] : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; the file holds ${JSON.stringify(savedDashboards(name))}`);
    });
    assert.deepEqual(saved.x, final.x, "every step, as drawn");
    assert.match(saved.status, new RegExp(`${dashboardSteps}/${dashboardSteps} \\(100\\.0%\\)`));
  } finally {
    await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
    await page.close();
  }
}

test("JupyterLab: a training dashboard advances while its cell runs and ends with every step", {
  timeout: 240_000,
}, async () => {
  await dashboardAdvancesLive(`${base}/lab/tree/dashboard-lab.ipynb?reset`, "dashboard-lab");
});

test("Notebook 7: a training dashboard advances while its cell runs and ends with every step", {
  timeout: 240_000,
}, async () => {
  await dashboardAdvancesLive(`${base}/notebooks/dashboard-notebook.ipynb`, "dashboard-notebook");
});

/** The y values of the first trace of each chart on the page (plotly keeps the data on the chart's element). */
function chartYs(page: Page): Promise<number[][]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll(".js-plotly-plot")).map(
      (chart) => (chart as unknown as { data: { y: number[] }[] }).data[0]?.y ?? [],
    ),
  );
}

/**
 * Runs the slider notebook `name`, checks the first render (k = 2), drags the slider's handle to the right, and
 * waits for the figure of the slider's new value and for the label the kernel sets from onChange.
 */
async function moveSliderAndCheck(url: string, name: string): Promise<void> {
  const page = await openAndRunAll(url, name, 2);
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`${name} console error: ${message.text()}`);
  });
  try {
    const firstDrawn = await until(`${name}: the slider and its figure`, 60, async () => {
      const ys = await chartYs(page);
      return (await page.locator(".noUi-handle").count()) === 1 && ys.length === 1 ? ys : undefined;
    });
    assert.deepEqual(firstDrawn, [[0, 2, 4]], "the figure of the initial value");
    const readout = page.locator(".widget-readout");
    assert.equal((await readout.textContent())?.trim(), "2");
    // Drag the handle to the right, as a user does: the values on the way are sent too (continuous_update).
    const handle = await page.locator(".noUi-handle").boundingBox();
    assert.ok(handle, "the slider handle is on screen");
    const [x, y] = [handle.x + handle.width / 2, handle.y + handle.height / 2];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 40, y, { steps: 8 });
    await page.mouse.up();
    const k = await until(`${name}: the slider to move`, 10, async () => {
      const shown = Number((await readout.textContent())?.trim());
      return shown > 2 ? shown : undefined;
    });
    const moved = await until(`${name}: the figure of k = ${k}`, 30, async () => {
      const ys = await chartYs(page);
      return JSON.stringify(ys) === JSON.stringify([[0, k, 2 * k]]) ? ys : undefined;
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}; the page has ${JSON.stringify(await chartYs(page))}`);
    });
    assert.deepEqual(moved, [[0, k, 2 * k]]);
    await until(`${name}: the label set by the kernel`, 30, async () =>
      (await page.locator(".widget-label", { hasText: `kernel saw k = ${k}` }).count()) === 1
        ? true
        : undefined,
    );
  } finally {
    await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
    await page.close();
  }
}

test("JupyterLab: moving a slider redraws its interact figure with the new value, seen by the kernel", {
  timeout: 240_000,
}, async () => {
  await moveSliderAndCheck(`${base}/lab/tree/widgets-lab.ipynb?reset`, "widgets-lab");
});

test("Notebook 7: moving a slider redraws its interact figure with the new value, seen by the kernel", {
  timeout: 240_000,
}, async () => {
  await moveSliderAndCheck(`${base}/notebooks/widgets-notebook.ipynb`, "widgets-notebook");
});

test("JupyterLab: a notebook executed headless and reopened untrusted shows its saved figures", {
  timeout: 240_000,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await page.goto(`${base}/lab/tree/executed.ipynb?reset`);
  await until("the saved charts to be drawn", 90, async () =>
    (await page.locator(".js-plotly-plot").count()) >= 2 ? true : undefined,
  ).catch(() => {}); // the count below decides
  const charts = await page.locator(".js-plotly-plot").count();
  await page.screenshot({ path: path.join(screenshots, "executed-untrusted.png"), fullPage: true });
  await page.close();
  assert.equal(
    charts,
    2,
    `the reopened notebook shows ${charts} of 2 charts (test-results/ui/executed-untrusted.png)`,
  );
});

/** Opens the trusted, headless-executed `saved-widgets.ipynb` at `url`: its slider shows the saved value, 7. */
async function savedSliderShows(url: string, screenshot: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`saved-widgets console error: ${message.text()}`);
  });
  try {
    await page.goto(url);
    // the fresh kernel has no widget: the slider can only come from the notebook's saved widget state
    await kernelIdle("saved-widgets.ipynb");
    const readout = page.locator(".jp-OutputArea .widget-readout");
    await until("the saved slider", 60, async () => ((await readout.count()) === 1 ? true : undefined)).catch(
      () => {}, // the assertions below say what the page shows instead
    );
    const outputs = (await page.locator(".jp-OutputArea-output").allInnerTexts()).join("\n");
    assert.doesNotMatch(outputs, /Error displaying widget|model not found/);
    assert.equal(await readout.count(), 1, `one slider drawn; the outputs show: ${JSON.stringify(outputs)}`);
    assert.equal(
      (await readout.textContent())?.trim(),
      "7",
      "the value the kernel set, not 2 or the default 0",
    );
    assert.equal(await page.locator(".jp-OutputArea .widget-label", { hasText: /^k$/ }).count(), 1);
  } finally {
    await page.screenshot({ path: path.join(screenshots, screenshot), fullPage: true });
    await page.close();
  }
}

test("JupyterLab: a trusted notebook executed headless shows its slider's saved value without running a cell", {
  timeout: 240_000,
}, async () => {
  await savedSliderShows(`${base}/lab/tree/saved-widgets.ipynb?reset`, "saved-widgets.png");
});

test("Notebook 7: a trusted notebook executed headless shows its slider's saved value without running a cell", {
  timeout: 240_000,
}, async () => {
  await savedSliderShows(`${base}/notebooks/saved-widgets.ipynb`, "saved-widgets-notebook7.png");
});
