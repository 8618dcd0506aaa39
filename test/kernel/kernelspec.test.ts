import assert from "node:assert/strict";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  findOnPath,
  installKernelSpec,
  jupyterDataDir,
  jupyterPath,
  kernelSpec,
  kernelsDir,
  listKernelSpecs,
  uninstallKernelSpec,
} from "../../kernel/kernelspec.js";

const assets = fileURLToPath(new URL("../../../kernel/assets/", import.meta.url));
const temp = () => mkdtempSync(path.join(tmpdir(), "explr-spec-test-"));

test("the data dir follows JUPYTER_DATA_DIR, then XDG, then the platform default", () => {
  assert.equal(jupyterDataDir({ JUPYTER_DATA_DIR: "/d", HOME: "/h" }, "linux"), "/d");
  assert.equal(jupyterDataDir({ HOME: "/h" }, "linux"), "/h/.local/share/jupyter");
  assert.equal(jupyterDataDir({ HOME: "/h", XDG_DATA_HOME: "/x" }, "linux"), "/x/jupyter");
  assert.equal(jupyterDataDir({ HOME: "/h" }, "darwin"), "/h/Library/Jupyter");
});

test("JUPYTER_PATH entries come first, then the user dir, then the system dirs", () => {
  const dirs = jupyterPath({ JUPYTER_PATH: `/a${path.delimiter}/b`, JUPYTER_DATA_DIR: "/d" }, "linux");
  assert.deepEqual(dirs, ["/a", "/b", "/d", "/usr/local/share/jupyter", "/usr/share/jupyter"]);
});

test("--prefix installs under {prefix}/share/jupyter/kernels", () => {
  assert.equal(kernelsDir({ prefix: "/opt/env" }), path.join("/opt/env", "share", "jupyter", "kernels"));
  assert.equal(kernelsDir({ user: true }, { JUPYTER_DATA_DIR: "/d" }), path.join("/d", "kernels"));
});

test("kernel.json starts the CLI with this Node, message interrupts, and the explr display name", () => {
  const spec = kernelSpec("/pkg/dist/cli/main.js", "/usr/bin/node");
  assert.deepEqual(spec.argv, [
    "/usr/bin/node",
    "/pkg/dist/cli/main.js",
    "kernel",
    "start",
    "--connection-file",
    "{connection_file}",
  ]);
  assert.equal(spec.display_name, "TypeScript (explr)");
  assert.equal(spec.language, "typescript");
  assert.equal(spec.interrupt_mode, "message");
});

test("install writes kernel.json and the three logos, replaces an old install, list finds it, uninstall removes it", () => {
  const data = temp();
  const kernels = path.join(data, "kernels");
  const dir = installKernelSpec(kernels, kernelSpec("/cli.js"), assets);
  assert.deepEqual(readdirSync(dir).sort(), [
    "kernel.json",
    "logo-32x32.png",
    "logo-64x64.png",
    "logo-svg.svg",
  ]);
  assert.equal(statSync(dir).mode & 0o777, 0o755, "readable by every user of a shared install");
  installKernelSpec(kernels, kernelSpec("/new-cli.js"), assets);
  assert.equal(JSON.parse(readFileSync(path.join(dir, "kernel.json"), "utf8")).argv[1], "/new-cli.js");
  assert.deepEqual(readdirSync(kernels), ["explr"], "no staging dir is left behind");

  const found = listKernelSpecs({ JUPYTER_PATH: data, JUPYTER_DATA_DIR: temp() });
  assert.deepEqual(found[0], { name: "explr", dir, displayName: "TypeScript (explr)" });

  assert.equal(uninstallKernelSpec(kernels), true);
  assert.equal(existsSync(dir), false);
  assert.equal(uninstallKernelSpec(kernels), false, "nothing to remove the second time");
});

test("a failed install leaves the previous one in place", () => {
  const kernels = path.join(temp(), "kernels");
  const dir = installKernelSpec(kernels, kernelSpec("/cli.js"), assets);
  assert.throws(() => installKernelSpec(kernels, kernelSpec("/other.js"), temp()), /ENOENT/);
  assert.equal(JSON.parse(readFileSync(path.join(dir, "kernel.json"), "utf8")).argv[1], "/cli.js");
  assert.deepEqual(readdirSync(kernels), ["explr"]);
});

test("list takes the first kernel of each name along the path", () => {
  const first = temp();
  const second = temp();
  for (const [root, name] of [
    [first, "First"],
    [second, "Second"],
  ]) {
    mkdirSync(path.join(root, "kernels", "k"), { recursive: true });
    writeFileSync(path.join(root, "kernels", "k", "kernel.json"), JSON.stringify({ display_name: name }));
  }
  const found = listKernelSpecs({
    JUPYTER_PATH: [first, second].join(path.delimiter),
    JUPYTER_DATA_DIR: temp(),
  });
  assert.equal(found.find((s) => s.name === "k")?.displayName, "First");
});

test("findOnPath finds executables on PATH and nothing elsewhere", () => {
  const dir = temp();
  writeFileSync(path.join(dir, "jupyter"), "");
  assert.equal(findOnPath("jupyter", { PATH: dir }), path.join(dir, "jupyter"));
  assert.equal(findOnPath("jupyter", { PATH: temp() }), undefined);
});
