/**
 * `npm run lab`: registers the explr kernel for this user and opens JupyterLab on `notebooks/`. JupyterLab is
 * looked for in the project's `.venv` first, then on PATH; without it, says how to get it and exits 1. Arguments
 * after `npm run lab --` go to `jupyter lab`.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { kernelCommand, pythonPackages } from "../kernel/cli.js";
import { findOnPath } from "../kernel/kernelspec.js";

export const installHint =
  "JupyterLab is not installed (looked for jupyter-lab in .venv/bin, then on PATH). Install it in the project's\n" +
  "venv, then run `npm run lab` again:\n" +
  `  python3 -m venv .venv && .venv/bin/pip install ${pythonPackages}\n` +
  "A JupyterLab installed elsewhere is used when its jupyter-lab is on PATH (activate its environment first).";

export const rootHint =
  "You are root, and JupyterLab refuses to run as root unless told to. In a container or a throwaway machine,\n" +
  "run `npm run lab -- --allow-root`; elsewhere, run it as an ordinary user.";

/** The `jupyter-lab` to run: the project venv's, else the one on PATH, else undefined. */
export function findJupyterLab(root: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const inVenv = path.join(root, ".venv", "bin", "jupyter-lab");
  return existsSync(inVenv) ? inVenv : findOnPath("jupyter-lab", env);
}

/**
 * Installs the kernelspec (user level: `$JUPYTER_DATA_DIR` or `~/.local/share/jupyter`), then runs JupyterLab on
 * `root/notebooks` until it exits; resolves with the exit code. `extraArgs` go to `jupyter lab`. The folder of the
 * `jupyter-lab` found is put first on PATH, so that a venv's Jupyter is the one the kernel install checks for.
 * As root (`asRoot`) without `--allow-root` it says what to do and returns 1 before starting anything.
 */
export async function openLab(
  root: string,
  extraArgs: readonly string[] = [],
  log: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
  asRoot: boolean = process.getuid?.() === 0,
): Promise<number> {
  const lab = findJupyterLab(root);
  if (!lab) {
    err(installHint);
    return 1;
  }
  if (asRoot && !extraArgs.includes("--allow-root")) {
    err(rootHint);
    return 1;
  }
  process.env.PATH = [path.dirname(lab), process.env.PATH].filter(Boolean).join(path.delimiter);
  const installed = await kernelCommand(["install", "--user"], log, err);
  if (installed !== 0) return installed;
  const child = spawn(lab, [...extraArgs, path.join(root, "notebooks")], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL("../..", import.meta.url)); // dist/scripts → the project
  process.exitCode = await openLab(root, process.argv.slice(2));
}
