/**
 * The Slurm executor: one `sbatch --array` job whose tasks each run one entry of the manifest (`explr sweep task
 * DIR $SLURM_ARRAY_TASK_ID`), at most `parallel` at once (`%P`). Progress comes from `squeue -t all`, which reports
 * finished tasks too, so a cluster without accounting (no `sacct`) works; Ctrl-C or SIGTERM cancels the array with
 * `scancel` and waits until no task runs. The sweep folder must be on a file system the nodes share: each task reads
 * the manifest there and writes its run's folder, `log.txt` included; Slurm's own output of each task (what happens
 * before explr starts) goes to `slurm/<job>_<task>.out`.
 */
import { execFile } from "node:child_process";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { cliPath } from "../../cli/path.js";
import { writeFileAtomic } from "../atomic-write.js";
import { type Executor, onInterrupt, type SweepConsole } from "./executor.js";
import type { SweepManifest, SweepRun } from "./manifest.js";

const run = promisify(execFile);

export const SLURM_FOLDER = "slurm";
const POLL_MS = 1000;
/** Task states after which a task no longer runs. */
const ENDED = new Set([
  "COMPLETED",
  "FAILED",
  "CANCELLED",
  "TIMEOUT",
  "OUT_OF_MEMORY",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
]);

/** Refuses to go on without Slurm's client commands, saying how to get them or to run locally. */
export async function checkSlurmClient(): Promise<void> {
  try {
    await run("sbatch", ["--version"]);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new Error(
      missing
        ? "explr sweep --executor slurm: sbatch is not found on PATH. Run the sweep on a machine with Slurm's " +
            "client (a cluster's login node; Debian/Ubuntu: apt-get install slurm-client), or use --executor local"
        : `explr sweep --executor slurm: sbatch --version failed: ${(error as Error).message}`,
    );
  }
}

/** Single-quotes a word for sh. */
function shellWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The array's indexes, compacted: [0,1,2,5] → "0-2,5". */
export function arraySpec(indexes: readonly number[]): string {
  const parts: string[] = [];
  const sorted = [...indexes].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return parts.join(",");
}

/** Each array task's state by its index, from `squeue -t all`; empty once Slurm has forgotten the job. */
async function taskStates(jobId: string): Promise<Map<number, string>> {
  const states = new Map<number, string>();
  let stdout: string;
  try {
    ({ stdout } = await run("squeue", ["-h", "-r", "-t", "all", "-j", jobId, "-o", "%K %T"]));
  } catch {
    return states; // "Invalid job id": the job ended longer than MinJobAge ago
  }
  for (const line of stdout.split("\n")) {
    const [index, state] = line.trim().split(/\s+/);
    if (/^\d+$/.test(index ?? "")) states.set(Number(index), state);
  }
  return states;
}

export class SlurmExecutor implements Executor {
  readonly description: string;

  constructor(
    private readonly parallel: number | undefined,
    private readonly slurmArgs: readonly string[],
    private readonly out: SweepConsole,
  ) {
    this.description = `Slurm array${parallel === undefined ? "" : `, ${parallel} task(s) at a time`}`;
  }

  async outputTail(sweepDir: string, run: SweepRun): Promise<string> {
    const folder = path.join(sweepDir, SLURM_FOLDER);
    const files = (await readdir(folder).catch(() => [])).filter((name) =>
      name.endsWith(`_${run.index}.out`),
    );
    const newest = files.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10)).at(-1);
    if (newest === undefined) return "";
    const text = await readFile(path.join(folder, newest), "utf8");
    return `(${path.join(folder, newest)})\n${text.trimEnd().split("\n").slice(-15).join("\n")}`;
  }

  async execute(
    sweepDir: string,
    manifest: SweepManifest,
    pending: readonly SweepRun[],
  ): Promise<"done" | "interrupted"> {
    const folder = path.join(sweepDir, SLURM_FOLDER);
    await mkdir(folder, { recursive: true });
    const script = path.join(folder, "task.sh");
    await writeFileAtomic(
      script,
      `#!/bin/sh\n# One run of the sweep in ${sweepDir}: the array task's id is its index in sweep.json.\n` +
        `exec ${shellWord(process.execPath)} ${shellWord(cliPath)} sweep task ${shellWord(path.resolve(sweepDir))} "$SLURM_ARRAY_TASK_ID"\n`,
      { mode: 0o755 },
    );
    const array =
      arraySpec(pending.map((r) => r.index)) + (this.parallel === undefined ? "" : `%${this.parallel}`);
    const args = [
      "--parsable",
      `--array=${array}`,
      "--job-name=explr-sweep",
      `--output=${path.join(path.resolve(folder), "%A_%a.out")}`,
      `--cpus-per-task=${manifest.threadsPerRun}`,
      ...this.slurmArgs,
      script,
    ];
    const { stdout } = await run("sbatch", args).catch((error: Error & { stderr?: string }) => {
      throw new Error(
        `explr sweep: sbatch ${args.join(" ")} failed: ${error.stderr?.trim() || error.message}`,
      );
    });
    const jobId = stdout.trim().split(";")[0];
    this.out.log(`submitted Slurm job ${jobId} (array ${array}); Ctrl-C cancels it`);
    let interrupted = false;
    const stopped = onInterrupt((signal) => {
      interrupted = true;
      this.out.error(`\nexplr sweep: ${signal}: scancel ${jobId}`);
      run("scancel", [jobId]).catch((error: Error) =>
        this.out.error(`scancel ${jobId} failed: ${error.message}`),
      );
    });
    const byIndex = new Map(pending.map((r) => [r.index, r]));
    const seen = new Map<number, string>();
    try {
      for (;;) {
        const states = await taskStates(jobId);
        for (const [index, state] of states) {
          if (seen.get(index) === state || !byIndex.has(index)) continue;
          seen.set(index, state);
          const ended = [...seen.values()].filter((s) => ENDED.has(s)).length;
          this.out.log(`[${ended}/${pending.length}] ${byIndex.get(index)?.name} ${state.toLowerCase()}`);
        }
        // A job Slurm has forgotten (older than MinJobAge) has ended; one not listed yet is still being queued.
        const running = [...byIndex.keys()].some((index) => !ENDED.has(states.get(index) ?? "PENDING"));
        if (states.size === 0 ? seen.size > 0 : !running) break;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      stopped();
    }
    return interrupted ? "interrupted" : "done";
  }
}
