/** What runs a sweep's pending runs: this machine's cores, or a Slurm cluster. */
import type { SweepManifest, SweepRun } from "./manifest.js";

/** Where an executor reports progress. */
export interface SweepConsole {
  log(line: string): void;
  error(line: string): void;
}

export interface Executor {
  /** A line for the start of the sweep, e.g. "local, 2 runs at a time". */
  readonly description: string;
  /**
   * Runs `pending` (entries of the manifest already written to `sweepDir`) to their end; each run records its own
   * outcome in its folder. Resolves to "interrupted" when Ctrl-C or SIGTERM stopped it, after every run is ended.
   */
  /**
   * Where to look when a run left no log of its own (it failed before explr started, e.g. a node without the sweep
   * folder): the end of the executor's own output for it, or "".
   */
  outputTail?(sweepDir: string, run: SweepRun): Promise<string>;
  execute(
    sweepDir: string,
    manifest: SweepManifest,
    pending: readonly SweepRun[],
  ): Promise<"done" | "interrupted">;
}

export const executorNames = ["local", "slurm"] as const;
export type ExecutorName = (typeof executorNames)[number];

/** Calls `onStop` at the first Ctrl-C or SIGTERM, until the returned function removes the handlers. */
export function onInterrupt(onStop: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => onStop(signal);
  process.once("SIGINT", handler);
  process.once("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
