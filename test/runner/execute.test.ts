import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { KernelClient } from "../../runner/client.js";
import { type CellProgress, executeNotebook } from "../../runner/execute.js";
import type { CodeCell, Notebook } from "../../src/report/nbformat.js";

const code = (source: string): CodeCell => ({ cell_type: "code", source, execution_count: 7, outputs: [] });

let client: KernelClient;
before(async () => {
  client = await KernelClient.start();
});
after(() => client.shutdown());

test("cells run in order with progress; empty and markdown cells are skipped; old outputs are dropped", {
  timeout: 30_000,
}, async () => {
  const progress: CellProgress[] = [];
  const stale = {
    ...code("let n = 20;"),
    outputs: [{ output_type: "stream" as const, name: "stdout" as const, text: "old" }],
  };
  const notebook: Notebook = {
    nbformat: 4,
    cells: [{ cell_type: "markdown", source: "# t" }, stale, code("  \n"), code("n + 1")],
  };
  const { notebook: executed, failure } = await executeNotebook(notebook, client, {
    onProgress: (p) => progress.push(p),
  });
  assert.equal(failure, undefined);
  const cells = executed.cells as CodeCell[];
  assert.deepEqual(cells[1].outputs, []);
  assert.equal(cells[2].execution_count, null, "an empty cell is not run");
  assert.deepEqual(
    cells[3].outputs.map((o) => o.output_type),
    ["execute_result"],
  );
  assert.deepEqual(
    progress.map((p) => `${p.cell}/${p.cells} ${p.status}`),
    ["2/4 running", "2/4 ok", "4/4 running", "4/4 ok"],
  );
});

test("a cell past the timeout is interrupted and reported; the kernel stays usable", {
  timeout: 30_000,
}, async () => {
  const notebook: Notebook = {
    nbformat: 4,
    cells: [code("await new Promise((resolve) => setTimeout(resolve, 60_000));")],
  };
  const started = performance.now();
  const { failure } = await executeNotebook(notebook, client, { timeoutSeconds: 0.5 });
  assert.ok(performance.now() - started < 20_000);
  assert.equal(failure?.cell, 1);
  assert.equal(failure?.ename, "TimeoutError");
  assert.match(failure?.evalue ?? "", /--timeout 0.5 s/);
  const again = await executeNotebook({ nbformat: 4, cells: [code("1 + 1")] }, client);
  assert.equal(again.failure, undefined);
});

test("a kernel that dies in a cell is that cell's failure, with the outputs it sent before", {
  timeout: 30_000,
}, async () => {
  const notebook: Notebook = {
    nbformat: 4,
    cells: [code('console.log("before"); await new Promise((r) => setTimeout(r, 200)); process.exit(3);')],
  };
  const { notebook: executed, failure } = await executeNotebook(notebook, client);
  assert.equal(failure?.ename, "KernelDied");
  assert.match(failure?.evalue ?? "", /the kernel exited \(code 3\)/);
  assert.deepEqual((executed.cells[0] as CodeCell).outputs, [
    { output_type: "stream", name: "stdout", text: "before\n" },
  ]);
});

test("a kernel whose heap ran out is said in one line, with the fix, not V8's dump", {
  timeout: 30_000,
}, async () => {
  const dying = await KernelClient.start(undefined, undefined, { ...process.env, EXPLR_HISTORY_FILE: "" });
  try {
    // what V8 writes to the process's stderr as it ends it, written the same way (fd 2, not the cell's stream)
    const v8Death = [
      "<--- Last few GCs --->",
      "[1:0x1]    30000 ms: Mark-Compact 198.3 (234.4) -> 198.2 (233.6) MB, 732.85 / 0.00 ms  allocation failure;",
      "[1:0x1]    30468 ms: Mark-Compact 198.9 (234.4) -> 198.9 (234.4) MB, 443.89 / 0.00 ms  allocation failure;",
      "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
      "----- Native stack trace -----",
      " 1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [/usr/bin/node]",
    ].join("\n");
    const notebook: Notebook = {
      nbformat: 4,
      cells: [
        code(
          `import { writeSync } from "node:fs";\nwriteSync(2, ${JSON.stringify(v8Death)});\nprocess.abort();`,
        ),
      ],
    };
    const { failure } = await executeNotebook(notebook, dying);
    assert.equal(failure?.ename, "OutOfMemory");
    assert.match(
      failure?.evalue ?? "",
      /^the kernel ran out of memory: its JavaScript heap reached its limit at 199 MB and the kernel died; raise the limit with NODE_OPTIONS=--max-old-space-size=<MB>/,
    );
    assert.doesNotMatch(failure?.evalue ?? "", /\n|Native stack|Mark-Compact/);
  } finally {
    dying.close();
  }
});

test("the widgets a notebook makes are saved in its metadata with their last state; none, no entry", {
  timeout: 30_000,
}, async (t) => {
  const notebook: Notebook = {
    nbformat: 4,
    metadata: { kernelspec: { name: "explr" } },
    cells: [
      code('import { widgets } from "explr";\nconst k = new widgets.IntSlider({ value: 2 });\nk'),
      code("k.value = 5;"),
    ],
  };
  const fresh = await KernelClient.start(); // the test before ends its kernel
  t.after(() => fresh.shutdown());
  const { notebook: executed, failure } = await executeNotebook(notebook, fresh);
  assert.equal(failure, undefined);
  assert.deepEqual(executed.metadata?.kernelspec, { name: "explr" });
  type Saved = { state: Record<string, { model_name: string; state: { value?: number } }> };
  const widgets = (executed.metadata?.widgets ?? {}) as Record<string, Saved | undefined>;
  const models = Object.values(widgets["application/vnd.jupyter.widget-state+json"]?.state ?? {});
  assert.deepEqual(models.map((m) => m.model_name).sort(), [
    "IntSliderModel",
    "LayoutModel",
    "SliderStyleModel",
  ]);
  assert.equal(models.find((m) => m.model_name === "IntSliderModel")?.state.value, 5);
  const plain = await executeNotebook({ nbformat: 4, cells: [code("1")] }, fresh);
  assert.equal(plain.notebook.metadata, undefined);
});
