/** Runs a Node script in a process of its own, for tests that check what a command prints and how it exits. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node args...` to its end: its exit code (0 or the failure's) and what it printed. */
export function runNode(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return promisify(execFile)(process.execPath, args, options).then(
    ({ stdout, stderr }): Finished => ({ code: 0, stdout, stderr }),
    (error: Finished) => error,
  );
}
