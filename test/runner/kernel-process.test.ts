import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { EXIT_WITH_STDIN } from "../../kernel/parent-watch.js";
import { endKernel, launchKernel } from "../../runner/kernel-process.js";
import { tempDir } from "../temp-dirs.js";

test("a launched kernel gets a private 0600 connection file, a stdin pipe and the ownership variables", async () => {
  const cwd = tempDir("explr-launch-");
  const report = path.join(cwd, "env.json");
  const script =
    `require("fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify({ argv: process.argv.slice(1), ` +
    `owned: process.env.${EXIT_WITH_STDIN}, parent: process.env.JPY_PARENT_PID })); setInterval(() => {}, 1000);`;
  const kernel = await launchKernel(cwd, (file) => [process.execPath, "-e", script, file], process.env);
  while (!existsSync(report)) await new Promise((resolve) => setTimeout(resolve, 20));
  const seen = JSON.parse(readFileSync(report, "utf8"));
  assert.deepEqual(seen, { argv: [kernel.connectionFile], owned: "1", parent: String(process.pid) });
  assert.equal(statSync(kernel.connectionFile).mode & 0o777, 0o600);
  assert.equal(statSync(path.dirname(kernel.connectionFile)).mode & 0o777, 0o700);
  const info = JSON.parse(readFileSync(kernel.connectionFile, "utf8"));
  assert.deepEqual(info, kernel.info);
  assert.match(info.key, /^[0-9a-f]{32}$/);
  assert.ok(kernel.process.stdin, "stdin is a pipe held by this process");
  const exited = new Promise((resolve) => kernel.process.once("exit", (_, signal) => resolve(signal)));
  endKernel(kernel);
  assert.equal(await exited, "SIGKILL");
  assert.ok(!existsSync(path.dirname(kernel.connectionFile)));
});
