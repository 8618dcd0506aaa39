#!/usr/bin/env node
/**
 * The `explr` command: `explr <subcommand> ...`. Each subcommand's module is loaded only when it runs, so
 * `explr kernel start` (what Jupyter launches) loads nothing else.
 *
 * @example
 *   npx explr kernel install --user
 */

/** A subcommand: takes the arguments after its name, returns the exit code (-1: keep running). */
type Subcommand = (args: string[]) => Promise<number>;

const subcommands: Record<string, { summary: string; run: Subcommand }> = {
  kernel: {
    summary: "install, uninstall, list or start the TypeScript (explr) Jupyter kernel",
    run: async (args) => (await import("../kernel/cli.js")).kernelCommand(args),
  },
  train: {
    summary: "train an experiment from a JSON file or a preset (--config FILE | --preset NAME)",
    run: async (args) => (await import("./train.js")).runTrainCommand(args),
  },
  sweep: {
    summary:
      "run a notebook or a training config over a grid and seeds, locally or on Slurm (explr sweep --help)",
    run: async (args) => (await import("./sweep.js")).sweepCommand(args),
  },
  run: {
    summary:
      "execute notebooks headless; write executed .ipynb, HTML reports and an index (explr run --help)",
    run: async (args) => (await import("../runner/run.js")).runCommand(args),
  },
};

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`);
  return `usage: explr <command> [...]\n${lines.join("\n")}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h") {
    console.log(usage());
    return 0;
  }
  const subcommand = subcommands[name];
  if (!subcommand) {
    console.error(`unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await subcommand.run(args);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
