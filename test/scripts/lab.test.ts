import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { findJupyterLab, installHint, openLab } from "../../scripts/lab.js";
import { tempDir } from "../temp-dirs.js";

/** A project folder with a fake `jupyter-lab` in its .venv that records its arguments and exits with 3. */
function projectWithFakeLab(): { root: string; record: string } {
  const root = tempDir("explr-lab-");
  const bin = path.join(root, ".venv", "bin");
  mkdirSync(bin, { recursive: true });
  const record = path.join(root, "args.txt");
  writeFileSync(path.join(bin, "jupyter-lab"), `#!/bin/sh\necho "$@" > "${record}"\nexit 3\n`);
  chmodSync(path.join(bin, "jupyter-lab"), 0o755);
  return { root, record };
}

test("without JupyterLab: the install command is shown and the exit code is 1", async () => {
  const root = tempDir("explr-nolab-");
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(root, "empty-bin");
  const errors: string[] = [];
  try {
    assert.equal(findJupyterLab(root), undefined);
    assert.equal(
      await openLab(
        root,
        [],
        () => {},
        (line) => errors.push(line),
      ),
      1,
    );
  } finally {
    process.env.PATH = savedPath;
  }
  assert.deepEqual(errors, [installHint]);
  assert.match(installHint, /python3 -m venv \.venv && \.venv\/bin\/pip install jupyterlab notebook plotly/);
});

test("with the venv's JupyterLab: the kernelspec is installed for the user and Lab opens notebooks/", async () => {
  const { root, record } = projectWithFakeLab();
  const dataDir = path.join(root, "jupyter-data");
  const saved = process.env.JUPYTER_DATA_DIR;
  process.env.JUPYTER_DATA_DIR = dataDir;
  try {
    assert.equal(findJupyterLab(root), path.join(root, ".venv", "bin", "jupyter-lab"));
    const code = await openLab(
      root,
      ["--no-browser"],
      () => {},
      () => {},
    );
    assert.equal(code, 3, "Lab's exit code is passed on");
  } finally {
    if (saved === undefined) delete process.env.JUPYTER_DATA_DIR;
    else process.env.JUPYTER_DATA_DIR = saved;
  }
  assert.ok(existsSync(path.join(dataDir, "kernels", "explr", "kernel.json")));
  assert.equal(readFileSync(record, "utf8").trim(), `--no-browser ${path.join(root, "notebooks")}`);
});
