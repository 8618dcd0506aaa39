import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { pythonPackages } from "../../kernel/cli.js";
import { findJupyterLab, installHint, openLab, rootHint } from "../../scripts/lab.js";
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
  assert.match(
    installHint,
    /python3 -m venv \.venv && \.venv\/bin\/pip install jupyterlab notebook plotly ipywidgets/,
  );
});

test("the README's pip line installs what the install hint names", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  assert.ok(
    readme.includes(`pip install ${pythonPackages}`),
    `the README should say: pip install ${pythonPackages}`,
  );
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
      false,
    );
    assert.equal(code, 3, "Lab's exit code is passed on");
  } finally {
    if (saved === undefined) delete process.env.JUPYTER_DATA_DIR;
    else process.env.JUPYTER_DATA_DIR = saved;
  }
  assert.ok(existsSync(path.join(dataDir, "kernels", "explr", "kernel.json")));
  assert.equal(readFileSync(record, "utf8").trim(), `--no-browser ${path.join(root, "notebooks")}`);
});

test("as root: without --allow-root it says what to do and starts nothing; with it, Lab gets the flag", async () => {
  const { root, record } = projectWithFakeLab();
  const saved = process.env.JUPYTER_DATA_DIR;
  process.env.JUPYTER_DATA_DIR = path.join(root, "jupyter-data");
  const errors: string[] = [];
  try {
    const refused = await openLab(
      root,
      [],
      () => {},
      (line) => errors.push(line),
      true,
    );
    assert.equal(refused, 1);
    assert.deepEqual(errors, [rootHint]);
    assert.match(rootHint, /npm run lab -- --allow-root/);
    assert.equal(existsSync(record), false, "Lab was not started");
    const allowed = await openLab(
      root,
      ["--allow-root"],
      () => {},
      () => {},
      true,
    );
    assert.equal(allowed, 3);
  } finally {
    if (saved === undefined) delete process.env.JUPYTER_DATA_DIR;
    else process.env.JUPYTER_DATA_DIR = saved;
  }
  assert.equal(readFileSync(record, "utf8").trim(), `--allow-root ${path.join(root, "notebooks")}`);
});
