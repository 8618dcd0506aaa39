/**
 * A kernel owned by the process that started it (`explr run`) ends when that process ends, however it ends (even
 * by SIGKILL): the owner keeps a pipe open on the kernel's stdin and never writes to it; the pipe reaches its end
 * when the owner closes it or dies. A thread of its own waits for that end, so that it is seen even while a cell
 * blocks the main thread; it then removes the connection file (it holds the key) and ends the kernel.
 *
 * Opt-in, by `EXPLR_KERNEL_EXIT_WITH_STDIN=1` in the kernel's environment: Jupyter closes a kernel's stdin at once.
 */
import { fstatSync, rmdirSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import path from "node:path";
import { isMainThread, Worker, workerData } from "node:worker_threads";

/** The environment variable by which an owner asks the kernel to end when its stdin closes. */
export const EXIT_WITH_STDIN = "EXPLR_KERNEL_EXIT_WITH_STDIN";

interface WatchData {
  readonly parentWatch: true;
  readonly connectionFile: string;
}

/**
 * Starts the watch when the environment asks for it and stdin is a pipe; returns the watching thread, or undefined
 * when there is none. The variable is removed from the environment so that the cells' own processes do not inherit
 * the request.
 */
export function watchParentPipe(
  connectionFile: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Worker | undefined {
  if (env[EXIT_WITH_STDIN] !== "1") return undefined;
  delete env[EXIT_WITH_STDIN];
  const stdin = fstatSync(0);
  if (!stdin.isFIFO() && !stdin.isSocket()) {
    log(`${EXIT_WITH_STDIN}=1 but stdin is not a pipe: the kernel will not end with its owner`);
    return undefined;
  }
  const data: WatchData = { parentWatch: true, connectionFile: path.resolve(connectionFile) };
  const worker = new Worker(new URL(import.meta.url), { workerData: data });
  worker.unref(); // the watch never keeps the kernel running
  return worker;
}

/** On the watching thread: the owner is gone, so its kernel's key goes with it, and the kernel ends. */
function ownerGone(connectionFile: string): void {
  rmSync(connectionFile, { force: true });
  try {
    rmdirSync(path.dirname(connectionFile)); // the owner's private folder, once empty
  } catch {
    // not empty, or not ours to remove
  }
  // SIGKILL ends the process even while a cell blocks the main thread (which a handled signal would wait for)
  process.kill(process.pid, "SIGKILL");
}

if (!isMainThread && (workerData as WatchData | undefined)?.parentWatch) {
  const { connectionFile } = workerData as WatchData;
  const pipe = new Socket({ fd: 0, readable: true, writable: false });
  pipe.on("data", () => {}); // the owner sends nothing; reading is what lets the end arrive
  pipe.on("end", () => ownerGone(connectionFile));
  pipe.on("error", () => ownerGone(connectionFile));
}
