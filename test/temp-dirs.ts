import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after } from "node:test";

/**
 * Temporary folders for a test file, removed when it ends, and a Jupyter environment confined to one of them, so
 * that a test never reads or changes the machine's own Jupyter setup.
 */
const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** The process environment with every Jupyter and IPython path inside `home`. */
export function isolatedJupyterEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    JUPYTER_DATA_DIR: path.join(home, "data"),
    JUPYTER_PATH: path.join(home, "data"),
    JUPYTER_RUNTIME_DIR: path.join(home, "runtime"),
    JUPYTER_CONFIG_DIR: path.join(home, "config"),
    IPYTHONDIR: path.join(home, "ipython"),
  };
}
