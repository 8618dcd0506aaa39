/**
 * A kernel as a process: a connection file on free local ports with a fresh key, readable by this user only, and
 * the kernel started on it, owned by this process (it ends when this process ends, see kernel/parent-watch.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { cliPath } from "../cli/path.js";
import { kernelSpec } from "../kernel/kernelspec.js";
import { EXIT_WITH_STDIN } from "../kernel/parent-watch.js";
import type { ConnectionInfo } from "../kernel/protocol/connection.js";

/** The command line of the explr kernel, as its kernelspec writes it. */
export const explrArgv = (connectionFile: string): string[] =>
  kernelSpec(cliPath).argv.map((arg) => (arg === "{connection_file}" ? connectionFile : arg));

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(address)));
    });
  });
}

/** A started kernel process and what it was started with. */
export interface KernelProcess {
  readonly info: ConnectionInfo;
  readonly process: ChildProcess;
  /** Its stderr so far, in chunks. */
  readonly stderr: string[];
  /** The connection file (it holds the signing key), alone in a private folder. */
  readonly connectionFile: string;
}

/**
 * Writes a connection file and starts the kernel on it in `cwd`: `argv` makes the command line from the file's
 * path, `env` is the kernel's environment.
 */
export async function launchKernel(
  cwd: string,
  argv: (connectionFile: string) => string[],
  env: NodeJS.ProcessEnv,
): Promise<KernelProcess> {
  const ports = await Promise.all([1, 2, 3, 4, 5].map(freePort));
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: "127.0.0.1",
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
    shell_port: ports[0],
    control_port: ports[1],
    iopub_port: ports[2],
    stdin_port: ports[3],
    hb_port: ports[4],
  };
  // The key is readable by this user only: a private folder (mkdtemp makes it 0700) and a 0600 file
  const connectionFile = path.join(mkdtempSync(path.join(tmpdir(), "explr-conn-")), "kernel.json");
  writeFileSync(connectionFile, JSON.stringify(info), { mode: 0o600 });
  const [command, ...args] = argv(connectionFile);
  // stdin is a pipe this process holds open and never writes: the kernel ends when it closes (explr's kernel by
  // EXIT_WITH_STDIN, others like ipykernel by Jupyter's JPY_PARENT_PID)
  const child = spawn(command, args, {
    cwd,
    env: { ...env, [EXIT_WITH_STDIN]: "1", JPY_PARENT_PID: String(process.pid) },
    stdio: ["pipe", "ignore", "pipe"],
  });
  child.stdin?.on("error", () => {}); // the kernel may end first
  const stderr: string[] = [];
  child.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
  return { info, process: child, stderr, connectionFile };
}

/** Kills the kernel if it still runs and removes its connection file with its folder; synchronous. */
export function endKernel({ process: child, connectionFile }: KernelProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child.stdin?.destroy();
  rmSync(path.dirname(connectionFile), { recursive: true, force: true });
}
