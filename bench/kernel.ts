/**
 * `npm run bench:kernel`: kernel start → kernel_info_reply, the warm round trip of `1+1` (execute until idle), the
 * same for distinct cells `1+1+i`, and the first use of the explr library, for explr and, in the same run, the
 * anchor kernels found here: tslab (this package's dependency), Deno's (`deno` on PATH or DENO_BIN) and ipykernel
 * (`python3 -m ipykernel`). Prints medians; asserts nothing (figures, not a test). BENCH_ONLY=explr,deno picks kernels.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { explrArgv, KernelClient } from "../kernel/client.js";

interface Anchor {
  name: string;
  argv: (connectionFile: string) => string[];
  warmCode: string;
  /** The cell that first uses the library, for kernels that have it. */
  libraryCode?: string;
}

const starts = Number(process.env.BENCH_STARTS ?? 5);
const roundTrips = Number(process.env.BENCH_ROUND_TRIPS ?? 50);
const require = createRequire(import.meta.url);

function found(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

function anchors(): Anchor[] {
  const list: Anchor[] = [
    {
      name: "explr",
      argv: explrArgv,
      warmCode: "1+1",
      libraryCode: 'import { schedule } from "explr"; typeof schedule',
    },
  ];
  const tslab = path.join(path.dirname(require.resolve("tslab/package.json")), "bin", "tslab");
  if (existsSync(tslab)) {
    list.push({
      name: "tslab",
      argv: (f) => [process.execPath, tslab, "kernel", "--config-path", f],
      warmCode: "1+1",
    });
  }
  const deno = process.env.DENO_BIN ?? "deno";
  if (found(deno, ["--version"])) {
    list.push({ name: "deno", argv: (f) => [deno, "jupyter", "--kernel", "--conn", f], warmCode: "1+1" });
  }
  const python = process.env.PYTHON ?? "/usr/bin/python3";
  if (found(python, ["-c", "import ipykernel"])) {
    list.push({
      name: "ipykernel",
      argv: (f) => [python, "-m", "ipykernel_launcher", "-f", f],
      warmCode: "1+1",
    });
  }
  const only = process.env.BENCH_ONLY?.split(",");
  return only ? list.filter((a) => only.includes(a.name)) : list;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(anchor: Anchor): Promise<string> {
  const trace = (what: string) => process.env.BENCH_TRACE && console.error(`${anchor.name}: ${what}`);
  const startTimes: number[] = [];
  const trips: number[] = [];
  const distinctTrips: number[] = [];
  let library: number | undefined;
  for (let run = 0; run < starts; run++) {
    trace(`start ${run}`);
    const client = await KernelClient.start(undefined, anchor.argv);
    trace("started");
    startTimes.push(client.answeredMs ?? Number.NaN);
    try {
      if (run === 0 && anchor.libraryCode) {
        await client.execute("0"); // the engine is built; what follows is the library's own cost
        const t = performance.now();
        const { reply } = await client.execute(anchor.libraryCode);
        library = performance.now() - t;
        if (reply.content.status !== "ok")
          throw new Error(`library cell failed: ${JSON.stringify(reply.content)}`);
      }
      if (run === 0) {
        for (let i = 0; i < 5; i++) await client.execute(anchor.warmCode);
        for (let i = 0; i < roundTrips; i++) {
          const t = performance.now();
          await client.execute(anchor.warmCode);
          trips.push(performance.now() - t);
        }
        // a cell unlike the ones before: a type-checking kernel may reuse its work for a repeated cell
        for (let i = 0; i < roundTrips; i++) {
          const t = performance.now();
          await client.execute(`${anchor.warmCode}+${i}`);
          distinctTrips.push(performance.now() - t);
        }
      }
    } finally {
      // some kernels never answer shutdown: give them two seconds, then the process is killed
      const shutdown = client.request("shutdown_request", { restart: false }, "control");
      await Promise.race([shutdown, new Promise((resolve) => setTimeout(resolve, 2000))]);
      client.close();
    }
  }
  const lib = library === undefined ? "n/a" : `${library.toFixed(0)} ms`;
  return `${anchor.name.padEnd(10)} ${[
    `start ${(median(startTimes) / 1000).toFixed(2)} s`,
    `warm 1+1 ${median(trips).toFixed(1)} ms`,
    `distinct 1+1+i ${median(distinctTrips).toFixed(1)} ms`,
    `first library use ${lib}`,
  ].join("   ")}`;
}

console.log(
  `kernel bench: median of ${starts} starts (to kernel_info_reply), ${roundTrips} warm round trips of each cell`,
);
for (const anchor of anchors()) {
  try {
    const watchdog = new Promise<string>((resolve) => {
      setTimeout(() => resolve(`${anchor.name.padEnd(10)} gave no answer within 90 s`), 90_000).unref();
    });
    console.log(await Promise.race([measure(anchor), watchdog]));
  } catch (error) {
    console.log(`${anchor.name.padEnd(10)} failed: ${error instanceof Error ? error.message : error}`);
  }
}
KernelClient.killAll(); // a kernel that never answered is still running
process.exit(0);
