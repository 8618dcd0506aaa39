/**
 * Starts the kernel for a connection file: binds the sockets, answers at once, and loads the TypeScript engine
 * only when idle after the first kernel_info (or when a request needs it), so start-up stays fast.
 */
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { readConnectionFile } from "./connection.js";
import type { Engine } from "./engine.js";
import { Kernel } from "./kernel.js";
import { KernelSockets } from "./sockets.js";
import { Signer } from "./wire.js";

const require = createRequire(import.meta.url);

export async function startKernel(connectionFile: string): Promise<Kernel> {
  const info = readConnectionFile(connectionFile);
  const stderr = process.stderr.write.bind(process.stderr);
  const log = (line: string) => stderr(`explr kernel: ${line}\n`);
  const sockets = await KernelSockets.bind(info, new Signer(info.key, info.signature_scheme), log);
  const loadEngine = (): Engine =>
    (require("./tslab-engine.js") as typeof import("./tslab-engine.js")).createTslabEngine();
  const kernel = new Kernel(sockets, loadEngine, randomUUID());
  kernel.registerGlobals();
  kernel.onShutdown = () => {
    // zeromq sends in the background: give the shutdown_reply and the last status a moment to leave
    setTimeout(() => {
      sockets.close();
      process.exit(0);
    }, 50);
  };
  // SIGINT from Jupyter (interrupt_mode "signal"): a running synchronous loop is stopped by vm's breakOnSigint;
  // an awaiting cell by this handler. Without a handler Node would exit.
  process.on("SIGINT", () => kernel.interrupt());
  process.on("uncaughtException", (error) => kernel.reportStray(error));
  process.on("unhandledRejection", (reason) => kernel.reportStray(reason));
  void sockets.listen("shell", (m) => kernel.receive(m, "shell"));
  void sockets.listen("control", (m) => kernel.receive(m, "control"));
  void sockets.listen("stdin", (m) => kernel.receive(m, "stdin"));
  return kernel;
}
