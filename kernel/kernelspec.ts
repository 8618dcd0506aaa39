/**
 * The `explr` kernelspec: where Jupyter looks for kernels and how to write, remove and list them, without Python.
 * Follows jupyter_core's paths: `JUPYTER_DATA_DIR` (or the per-user data dir), `JUPYTER_PATH`, `{prefix}/share/jupyter`.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

export const kernelName = "explr";
export const displayName = "TypeScript (explr)";

export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal" | "message";
  metadata: Record<string, unknown>;
}

/** Where a kernelspec goes: the user's data dir (default) or `{prefix}/share/jupyter`. */
export type InstallPlace = { user: true } | { prefix: string };

/** Jupyter's per-user data dir: `$JUPYTER_DATA_DIR`, else the platform's (`~/.local/share/jupyter` on Linux). */
export function jupyterDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  const home = env.HOME ?? homedir();
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

/** The data dirs Jupyter searches, in order: `JUPYTER_PATH` entries, the user dir, then the system dirs. */
export function jupyterPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string[] {
  const fromEnv = (env.JUPYTER_PATH ?? "").split(path.delimiter).filter((p) => p !== "");
  const system =
    platform === "win32"
      ? [path.join(env.PROGRAMDATA ?? "C:\\ProgramData", "jupyter")]
      : ["/usr/local/share/jupyter", "/usr/share/jupyter"];
  return [...new Set([...fromEnv, jupyterDataDir(env, platform), ...system])];
}

export function kernelsDir(place: InstallPlace, env: NodeJS.ProcessEnv = process.env): string {
  return "prefix" in place
    ? path.join(place.prefix, "share", "jupyter", "kernels")
    : path.join(jupyterDataDir(env), "kernels");
}

/** kernel.json: start this package's CLI with the Node that installed it, so no PATH or npx lookup is needed. */
export function kernelSpec(cliPath: string, nodePath = process.execPath): KernelSpec {
  return {
    argv: [nodePath, cliPath, "kernel", "start", "--connection-file", "{connection_file}"],
    display_name: displayName,
    language: "typescript",
    interrupt_mode: "message",
    metadata: { debugger: false },
  };
}

/**
 * Writes `kernels/explr/` (kernel.json and the 32, 64 and SVG logos) atomically: built in a temp dir next to it,
 * then renamed over any previous install. Returns the spec's directory.
 */
export function installKernelSpec(kernels: string, spec: KernelSpec, assetsDir: string): string {
  const target = path.join(kernels, kernelName);
  mkdirSync(kernels, { recursive: true });
  const staging = mkdtempSync(path.join(kernels, `.${kernelName}-`));
  try {
    // a temp dir is private (0700): the kernelspec must be readable by every user of a shared (--sys-prefix) install
    chmodSync(staging, 0o755);
    writeFileSync(path.join(staging, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
    for (const logo of ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"]) {
      copyFileSync(path.join(assetsDir, logo), path.join(staging, logo));
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return target;
}

/** Removes `kernels/explr/`; returns whether there was one. */
export function uninstallKernelSpec(kernels: string): boolean {
  const target = path.join(kernels, kernelName);
  if (!existsSync(path.join(target, "kernel.json"))) return false;
  rmSync(target, { recursive: true, force: true });
  return true;
}

export interface FoundSpec {
  name: string;
  dir: string;
  displayName: string;
}

/** Every kernelspec Jupyter would see, the first found of each name winning, as `jupyter kernelspec list` shows. */
export function listKernelSpecs(env: NodeJS.ProcessEnv = process.env): FoundSpec[] {
  const found = new Map<string, FoundSpec>();
  for (const dataDir of jupyterPath(env)) {
    const kernels = path.join(dataDir, "kernels");
    if (!isDirectory(kernels)) continue;
    for (const name of readdirSync(kernels).sort()) {
      const file = path.join(kernels, name, "kernel.json");
      if (found.has(name) || name.startsWith(".") || !existsSync(file)) continue;
      let shown = name;
      try {
        shown = JSON.parse(readFileSync(file, "utf8")).display_name ?? name;
      } catch {
        shown = `${name} (unreadable kernel.json)`;
      }
      found.set(name, { name, dir: path.join(kernels, name), displayName: shown });
    }
  }
  return [...found.values()];
}

/** The path of `command` on PATH, if any: to tell the user when Jupyter itself is missing. */
export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const extensions = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const ext of extensions) {
      const candidate = path.join(dir, command + ext);
      if (existsSync(candidate) && !isDirectory(candidate)) return candidate;
    }
  }
  return undefined;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
