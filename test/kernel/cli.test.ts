import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { cliPath } from "../../cli/path.js";

const run = promisify(execFile);
const temp = () => mkdtempSync(path.join(tmpdir(), "explr-cli-test-"));

async function explr(args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cliPath, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("explr kernel install / list / uninstall honour JUPYTER_DATA_DIR and --prefix", async () => {
  const data = temp();
  const env = { JUPYTER_DATA_DIR: data, JUPYTER_PATH: "" };
  const installed = await explr(["kernel", "install"], env);
  assert.equal(installed.code, 0, installed.stderr);
  assert.ok(existsSync(path.join(data, "kernels", "explr", "kernel.json")));
  assert.match((await explr(["kernel", "list"], env)).stdout, /^explr\s.*TypeScript \(explr\)/m);
  assert.equal((await explr(["kernel", "uninstall"], env)).code, 0);
  assert.equal((await explr(["kernel", "uninstall"], env)).code, 1);

  const prefix = temp();
  assert.equal((await explr(["kernel", "install", "--prefix", prefix], env)).code, 0);
  assert.ok(existsSync(path.join(prefix, "share", "jupyter", "kernels", "explr", "logo-64x64.png")));
});

test("--sys-prefix installs into the environment of the jupyter on PATH, and refuses without one", async () => {
  const prefix = temp();
  const bin = path.join(prefix, "bin");
  mkdirSync(bin);
  writeFileSync(path.join(bin, "jupyter"), "#!/bin/sh\n", { mode: 0o755 });
  const installed = await explr(["kernel", "install", "--sys-prefix"], { PATH: bin });
  assert.equal(installed.code, 0, installed.stderr);
  assert.ok(existsSync(path.join(prefix, "share", "jupyter", "kernels", "explr", "kernel.json")));
  const none = await explr(["kernel", "install", "--sys-prefix"], { PATH: temp() });
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no `?jupyter`? on PATH|and there is none: activate that environment first/);
  const both = await explr(["kernel", "install", "--sys-prefix", "--user"], { PATH: bin });
  assert.match(both.stderr, /choose one of --user, --sys-prefix and --prefix DIR/);
});

test("without Jupyter on PATH, install says what to install", async () => {
  const result = await explr(["kernel", "install"], { JUPYTER_DATA_DIR: temp(), PATH: temp() });
  assert.equal(result.code, 0);
  assert.match(
    result.stderr,
    /Jupyter itself is not installed.*\n.*pip install jupyterlab notebook plotly ipywidgets/,
  );
});

test("bad usage is an error with the usage text", async () => {
  assert.match(
    (await explr(["kernel", "frobnicate"], {})).stderr,
    /unknown command "explr kernel frobnicate"/,
  );
  assert.match((await explr(["nothing"], {})).stderr, /unknown command "nothing"/);
  const both = await explr(["kernel", "install", "--user", "--prefix", "/x"], {});
  assert.equal(both.code, 1);
  assert.match(both.stderr, /choose one of --user, --sys-prefix and --prefix DIR/);
  assert.equal((await explr(["kernel", "start"], {})).code, 2);
});

test("explr kernel start refuses a connection file without a key, saying why and how to fix it", async () => {
  const file = path.join(temp(), "kernel.json");
  const ports = { shell_port: 1, control_port: 2, iopub_port: 3, stdin_port: 4, hb_port: 5 };
  writeFileSync(file, JSON.stringify(ports));
  const refused = await explr(["kernel", "start", "--connection-file", file], {});
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /has no "key".*unsigned messages/s);
  assert.match(refused.stderr, /--allow-unauthenticated/);
  writeFileSync(file, JSON.stringify({ ...ports, key: "", ip: "0.0.0.0" }));
  const open = await explr(["kernel", "start", "--connection-file", file, "--allow-unauthenticated"], {});
  assert.equal(open.code, 1);
  assert.match(open.stderr, /empty "key" on ip "0.0.0.0"/);
});
