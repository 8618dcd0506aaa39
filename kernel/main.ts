/**
 * Starts the kernel for a connection file: binds the sockets, answers at once, and loads the TypeScript engine
 * only when idle after the first kernel_info (or when a request needs it), so start-up stays fast.
 */
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { Engine } from "./engine.js";
import { startHeapGuard } from "./heap-guard.js";
import { History } from "./history.js";
import { HistoryFile, historyPath } from "./history-file.js";
import { Kernel } from "./kernel.js";
import { watchParentPipe } from "./parent-watch.js";
import { type ConnectionOptions, readConnectionFile } from "./protocol/connection.js";
import { DigestHistory } from "./protocol/digest-history.js";
import { SideChannels } from "./protocol/side-channels.js";
import { SigintWatch } from "./protocol/sigint-watch.js";
import { KernelSockets } from "./protocol/sockets.js";
import { Signer } from "./protocol/wire.js";

const require = createRequire(import.meta.url);

/** Starts the kernel; throws, naming the file and the fix, for a connection file it refuses (see connection.ts). */
export async function startKernel(connectionFile: string, options: ConnectionOptions = {}): Promise<Kernel> {
  const info = readConnectionFile(connectionFile, options);
  const stderr = process.stderr.write.bind(process.stderr);
  const log = (line: string) => stderr(`explr kernel: ${line}\n`);
  if (info.key === "") log("the connection file's key is empty: messages are not signed (loopback only)");
  // Parent-death watch: a kernel started by `explr run` ends when it ends (see parent-watch.ts)
  watchParentPipe(connectionFile, log);
  const signer = new Signer(info.key, info.signature_scheme);
  const session = randomUUID();
  // one replay history for the whole kernel: shell's here, control's and stdin's also on the side thread
  const digests = new DigestHistory();
  const sockets = await KernelSockets.bind(info, signer, digests, log);
  // SIGINT, from Jupyter (interrupt_mode "signal") or raised by the side thread for an interrupt_request: a running
  // synchronous cell is stopped by vm's breakOnSigint; otherwise the kernel interrupts (an awaiting cell rejects)
  const sigint = new SigintWatch(() => kernel.interrupt());
  // a cell that fills the heap fails instead of ending the kernel, where the heap guard's addon is built
  const heap = startHeapGuard((error) => kernel.outOfMemory(error));
  if (heap.off) log(`no heap guard (${heap.off}): a cell that fills the JavaScript heap ends the kernel`);
  const loadEngine = (): Engine =>
    side.tellingCells(
      sigint.guard(
        (require("./tslab/tslab-engine.js") as typeof import("./tslab/tslab-engine.js")).createTslabEngine(
          process.cwd(),
          heap,
        ),
      ),
    );
  const kernel: Kernel = new Kernel(
    {
      send: (channel, message) => (channel === "shell" ? sockets.send(message) : side.send(channel, message)),
      publish: (message) => sockets.publish(message),
      askBlocking: (request) => side.askBlocking(request),
    },
    loadEngine,
    session,
    openHistory(session, log),
  );
  // Control, stdin and the heartbeat run on their own thread: they must answer while a cell blocks this one.
  // Not awaited: the first kernel_info_reply (shell) need not wait for the thread to start.
  const side = new SideChannels(info, signer, digests, session, {
    message: (message, channel) => kernel.receive(message, channel),
    interrupted: (message) => void kernel.interruptAnswered(message),
    log,
  });
  side.ready.catch((error: Error) => log(`control, stdin and heartbeat are down: ${error.message}`));
  // a cell's process.exit(): its last output goes out first (sends start at once, see SerialSocket)
  process.on("exit", () => {
    kernel.flushOutputs();
    side.closeBlocking();
  });
  kernel.log = log;
  kernel.registerGlobals();
  kernel.onShutdown = () => {
    // zeromq sends in the background: give the shutdown_reply and the last status a moment to leave
    setTimeout(async () => {
      sigint.close();
      sockets.close();
      await side.close();
      process.exit(0);
    }, 50);
  };
  // what a heap check threw (tslab/heap-checks.ts) where no cell awaited it: the event loop tells it (outOfMemory)
  process.on("uncaughtException", (error) => {
    if (error !== heap.check) kernel.reportStray(error);
  });
  process.on("unhandledRejection", (reason) => {
    if (reason !== heap.check) kernel.reportStray(reason);
  });
  void sockets.listen((m) => kernel.receive(m, "shell"));
  return kernel;
}

/** The history with earlier sessions from the history file (see `historyPath`), or in memory only. */
function openHistory(session: string, log: (line: string) => void): History {
  const file = historyPath();
  if (file === undefined) return new History();
  const { earlier, sink } = HistoryFile.open(file, session, log);
  return new History(earlier, sink);
}
