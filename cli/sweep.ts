/**
 * `explr sweep`: a notebook or a training config over a grid of parameters and seeds, each run in its own folder,
 * on this machine (`--executor local`) or a Slurm cluster (`--executor slurm`); `explr sweep collect DIR` writes the
 * results table and report; `explr sweep task DIR INDEX` is one run, as the executors start it.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Executor, executorNames, type SweepConsole } from "../src/sweep/executor.js";
import { parseFixedArgs, parseGridArg, parseSeeds } from "../src/sweep/grid.js";
import { defaultParallel, LocalExecutor } from "../src/sweep/local.js";
import { planSweep } from "../src/sweep/plan.js";
import { writeResults } from "../src/sweep/results-files.js";
import { checkSlurmClient, SlurmExecutor } from "../src/sweep/slurm.js";
import { executeSweep } from "../src/sweep/sweep.js";
import { runTask } from "../src/sweep/task.js";

export const sweepUsage = `usage: explr sweep (NOTEBOOK | --config FILE) [--param KEY=VALUE ...] [--grid 'KEY=[V1,V2,...]' ...]
                   [--seeds 0..4] [--out DIR] [--executor local|slurm] [--parallel N] [--threads T] [--extend]
                   [--slurm-arg ARG ...]
       explr sweep collect DIR
  Runs every combination of the --grid values (and --seeds, which sets "seed") through explr run (a notebook's
  parameters) or explr train (a config's fields; a dotted KEY reaches a nested field: optimizer.lr.init), each in
  DIR/runs/<name>/ (default DIR: sweeps/<notebook or config name>). DIR/sweep.json lists the runs before any starts.
  Running the same sweep again skips the runs that finished and runs the others; a changed grid is refused unless
  --extend adds its new runs. At the end, and with collect: DIR/results.csv, results.json and report.html.
  --executor local   (default) --parallel N runs at once (default: the cores / --threads, the threads per run, 1)
  --executor slurm   one sbatch --array job, at most --parallel tasks at once; --slurm-arg passes an option to
                     sbatch (--slurm-arg=--partition=gpu --slurm-arg=--time=1:00:00). DIR must be on a file system
                     the nodes share, and they must run the same explr.`;

const terminal: SweepConsole = { log: (line) => console.log(line), error: (line) => console.error(line) };

function positiveInteger(option: string, text: string): number {
  if (!/^[1-9]\d*$/.test(text)) throw new TypeError(`${option} takes a positive integer, got "${text}"`);
  return Number(text);
}

/** Resolves to the exit code: 0 every run finished, 1 a run failed or bad input, 2 usage, 130 stopped. */
export async function sweepCommand(args: string[], out: SweepConsole = terminal): Promise<number> {
  if (args[0] === "task") {
    const [, dir, index] = args;
    if (dir === undefined || !/^\d+$/.test(index ?? "")) {
      out.error("usage: explr sweep task DIR INDEX");
      return 2;
    }
    return runTask(dir, Number(index));
  }
  if (args[0] === "collect") {
    if (args.length !== 2) {
      out.error(`explr sweep collect takes one sweep folder\n${sweepUsage}`);
      return 2;
    }
    const results = await writeResults(args[1]);
    out.log(
      `${results.rows.length} run(s) → ${["results.csv", "results.json", "report.html"].map((f) => path.join(args[1], f)).join(", ")}`,
    );
    return 0;
  }
  let values: {
    config?: string;
    param?: string[];
    grid?: string[];
    seeds?: string;
    out?: string;
    executor?: string;
    parallel?: string;
    threads?: string;
    extend?: boolean;
    "slurm-arg"?: string[];
    help?: boolean;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        param: { type: "string", short: "p", multiple: true },
        grid: { type: "string", short: "g", multiple: true },
        seeds: { type: "string" },
        out: { type: "string", short: "o" },
        executor: { type: "string" },
        parallel: { type: "string" },
        threads: { type: "string" },
        extend: { type: "boolean" },
        "slurm-arg": { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    out.error(`explr sweep: ${(error as Error).message}\n${sweepUsage}`);
    return 2;
  }
  if (values.help) {
    out.log(sweepUsage);
    return 0;
  }
  if (positionals.length > 1 || (positionals.length === 1) === (values.config !== undefined)) {
    out.error(`explr sweep: give one notebook or --config FILE\n${sweepUsage}`);
    return 2;
  }
  const executor = values.executor ?? "local";
  if (!(executorNames as readonly string[]).includes(executor)) {
    out.error(`explr sweep: unknown --executor "${executor}"; use ${executorNames.join(" or ")}`);
    return 2;
  }
  if (executor === "local" && values["slurm-arg"] !== undefined) {
    out.error("explr sweep: --slurm-arg is for --executor slurm");
    return 2;
  }
  const target = positionals[0] ?? (values.config as string);
  const threadsPerRun = values.threads === undefined ? 1 : positiveInteger("--threads", values.threads);
  const parallel = values.parallel === undefined ? undefined : positiveInteger("--parallel", values.parallel);
  const dir = path.resolve(
    values.out ?? path.join("sweeps", path.basename(target).replace(/\.(ipynb|json)$/, "")),
  );
  const manifest = await planSweep({
    notebook: positionals[0],
    config: values.config,
    fixed: parseFixedArgs(values.param ?? []),
    grid: (values.grid ?? []).map(parseGridArg),
    seeds: values.seeds === undefined ? undefined : parseSeeds(values.seeds),
    out: dir,
    extend: values.extend ?? false,
    threadsPerRun,
  });
  let chosen: Executor;
  if (executor === "slurm") {
    await checkSlurmClient();
    chosen = new SlurmExecutor(parallel, values["slurm-arg"] ?? [], out);
  } else {
    chosen = new LocalExecutor(parallel ?? defaultParallel(threadsPerRun, availableParallelism()), out);
  }
  return executeSweep(dir, manifest, chosen, out);
}
