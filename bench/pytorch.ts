import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The Python to run PyTorch with (`EXPLR_PYTHON`, `.venv/bin/python`, `python3`), or why there is none. */
export function findTorchPython(): { python: string } | { skipped: string } {
  const candidates = [process.env.EXPLR_PYTHON, ".venv/bin/python", "python3"].filter(
    (p): p is string => p !== undefined && p !== "" && (!p.includes("/") || existsSync(p)),
  );
  for (const python of candidates) {
    if (spawnSync(python, ["-c", "import torch"], { stdio: "ignore" }).status === 0) return { python };
  }
  return { skipped: `no Python with torch among ${candidates.join(", ")} (set EXPLR_PYTHON)` };
}

/** Whether `python`'s PyTorch sees a CUDA GPU. */
export function torchHasCuda(python: string): boolean {
  const run = spawnSync(
    python,
    ["-c", "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)"],
    {
      stdio: "ignore",
    },
  );
  return run.status === 0;
}

/**
 * Runs bench/pytorch_train_step.py with `args` and returns its JSON records, or the last line of its error output
 * when it fails.
 */
export function runPytorchBench<T>(python: string, args: string[]): { records: T[] } | { failed: string } {
  const script = fileURLToPath(new URL("../../bench/pytorch_train_step.py", import.meta.url));
  const run = spawnSync(python, [script, ...args], { encoding: "utf8" });
  if (run.status !== 0) return { failed: run.stderr.trim().split("\n").at(-1) ?? `exit ${run.status}` };
  const records = run.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as T);
  return { records };
}
