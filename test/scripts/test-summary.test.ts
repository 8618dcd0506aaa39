import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import testSummary, { summarize } from "../../scripts/test-summary.js";
import { tempDir } from "../temp-dirs.js";

async function collect(events: unknown[]): Promise<string> {
  async function* source() {
    yield* events as { type: string }[];
  }
  let text = "";
  for await (const chunk of testSummary(source())) text += chunk;
  return text;
}

test("each failed test is listed with its file, line and the first lines of its error; suites are not", async () => {
  const assertion = new Error("expected 1\nto equal 2\nline 3\nline 4\nline 5");
  const text = await collect([
    { type: "test:pass", data: { name: "fine", details: {} } },
    {
      type: "test:fail",
      data: {
        name: "adds",
        file: "/p/dist/test/a.test.js",
        line: 12,
        details: {
          error: Object.assign(new Error("wrapped"), { failureType: "testCodeFailure", cause: assertion }),
        },
      },
    },
    {
      type: "test:fail",
      data: {
        name: "the suite",
        file: "/p/dist/test/a.test.js",
        line: 3,
        details: { error: Object.assign(new Error("1 subtest failed"), { failureType: "subtestsFailed" }) },
      },
    },
    {
      type: "test:fail",
      data: {
        name: "times out",
        details: { error: { failureType: "testTimeoutFailure", message: "timed out" } },
      },
    },
  ]);
  assert.equal(
    text,
    "\n# summary: 2 tests failed\n" +
      "1. adds\n   at /p/dist/test/a.test.js:12\n     Error: expected 1\n     to equal 2\n     line 3\n     line 4\n" +
      "2. times out\n   at (no file)\n     timed out\n",
  );
});

test("a run without failures says so in one line", async () => {
  assert.equal(await collect([{ type: "test:pass", data: { name: "fine", details: {} } }]), summarize([]));
  assert.match(summarize([]), /no test failed/);
});

test("as node --test's reporter after TAP, it ends the output with the failure", async () => {
  const dir = tempDir("explr-summary-");
  const file = path.join(dir, "failing.test.mjs");
  writeFileSync(
    file,
    'import { test } from "node:test";\nimport assert from "node:assert/strict";\n' +
      'test("passes", () => {});\ntest("fails here", () => { assert.equal(1, 2); });\n',
  );
  const reporter = fileURLToPath(new URL("../../scripts/test-summary.js", import.meta.url));
  const result = await promisify(execFile)(
    process.execPath,
    [
      "--test",
      "--test-reporter=tap",
      "--test-reporter-destination=stdout",
      `--test-reporter=${reporter}`,
      "--test-reporter-destination=stdout",
      file,
    ],
    // without the parent's NODE_TEST_CONTEXT, which would make the child report to this run instead
    { cwd: dir, env: { ...process.env, NODE_TEST_CONTEXT: undefined } },
  ).then(
    () => assert.fail("a failing test must fail the run"),
    (error: { code: number; stdout: string }) => error,
  );
  assert.equal(result.code, 1);
  const summary = result.stdout.indexOf("# summary: 1 test failed");
  assert.ok(summary > result.stdout.indexOf("# fail 1"), `the summary comes after TAP's:\n${result.stdout}`);
  assert.match(
    result.stdout.slice(summary),
    /1\. fails here\n {3}at .*failing\.test\.mjs:4\n {5}AssertionError/,
  );
});
