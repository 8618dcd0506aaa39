/**
 * The local executor: up to `parallel` runs at once on this machine, each an `explr sweep task` process in a
 * process group of its own, so that Ctrl-C or SIGTERM ends each run with everything it started (kernels, workers).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { cliPath } from "../../cli/path.js";
import { type Executor, onInterrupt, type SweepConsole } from "./executor.js";
import type { SweepManifest, SweepRun } from "./manifest.js";

/** Runs at once by default: the cores divided by each run's threads, at least one. */
export function defaultParallel(threadsPerRun: number, cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / threadsPerRun));
}

/** Ends a task's whole process group, if it still runs. */
function endGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

export class LocalExecutor implements Executor {
  readonly description: string;

  constructor(
    private readonly parallel: number,
    private readonly out: SweepConsole,
  ) {
    this.description = `local, ${parallel} run${parallel === 1 ? "" : "s"} at a time`;
  }

  async execute(
    sweepDir: string,
    _manifest: SweepManifest,
    pending: readonly SweepRun[],
  ): Promise<"done" | "interrupted"> {
    const queue = [...pending];
    const running = new Set<ChildProcess>();
    let done = 0;
    let failed = 0;
    let stopping: NodeJS.Signals | undefined;
    const began = performance.now();
    const stopped = onInterrupt((signal) => {
      stopping = signal;
      this.out.error(`\nexplr sweep: ${signal}: ending ${running.size} running run(s); no new run starts`);
      for (const child of running) endGroup(child, "SIGTERM");
    });
    const runOne = async (run: SweepRun): Promise<void> => {
      const started = performance.now();
      const child = spawn(process.execPath, [cliPath, "sweep", "task", sweepDir, String(run.index)], {
        detached: true,
        stdio: ["ignore", "ignore", "inherit"],
      });
      running.add(child);
      this.out.log(`start ${run.name} (${running.size} running, ${queue.length} waiting)`);
      const code = await new Promise<number | null>((resolve) => {
        child.on("error", () => resolve(null));
        child.on("exit", (exit) => resolve(exit));
      });
      running.delete(child);
      done += 1;
      if (code !== 0) failed += 1;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const total = ((performance.now() - began) / 1000).toFixed(1);
      this.out.log(
        `[${done}/${pending.length}] ${run.name} ${code === 0 ? "finished" : `failed (exit ${code})`} in ${seconds} s` +
          ` | ${failed} failed | ${total} s`,
      );
    };
    const worker = async () => {
      for (let run = queue.shift(); run !== undefined && stopping === undefined; run = queue.shift()) {
        await runOne(run);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.parallel, pending.length) }, worker));
    } finally {
      stopped();
    }
    return stopping === undefined ? "done" : "interrupted";
  }
}
