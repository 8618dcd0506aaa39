/**
 * `npm run bench:kernel`: kernel start → kernel_info_reply, the warm round trip of `1+1` (execute until idle), the
 * same for distinct cells `1+1+i` and for cells that declare a name (`const v_i = i`, as most notebook cells do),
 * and the first use of the explr library, for explr and, in the same run, the
 * anchor kernels found here: tslab (this package's dependency), Deno's (`deno` on PATH or DENO_BIN) and ipykernel
 * (`python3 -m ipykernel`). The kernels are measured in turn, round by round. Prints medians; asserts nothing
 * (figures, not a test). BENCH_ONLY=explr,deno picks kernels; BENCH_STARTS and BENCH_ROUND_TRIPS set the counts.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { explrArgv, KernelClient } from "../runner/client.js";

interface Anchor {
  name: string;
  argv: (connectionFile: string) => string[];
  warmCode: string;
  /** A cell that declares a new name, the i-th. */
  declaring: (i: number) => string;
  /** The cell that first uses the library, for kernels that have it. */
  libraryCode?: string;
}

const starts = Number(process.env.BENCH_STARTS ?? 5);
const roundTrips = Number(process.env.BENCH_ROUND_TRIPS ?? 50);
const require = createRequire(import.meta.url);

function found(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

/** The i-th declaring cell for the TypeScript kernels. */
const declareConst = (i: number) => `const v_${i} = ${i}`;

function anchors(): Anchor[] {
  const list: Anchor[] = [
    {
      name: "explr",
      argv: explrArgv,
      warmCode: "1+1",
      declaring: declareConst,
      libraryCode: 'import { schedule } from "explr"; typeof schedule',
    },
  ];
  const tslab = path.join(path.dirname(require.resolve("tslab/package.json")), "bin", "tslab");
  if (existsSync(tslab)) {
    list.push({
      name: "tslab",
      argv: (f) => [process.execPath, tslab, "kernel", "--config-path", f],
      warmCode: "1+1",
      declaring: declareConst,
    });
  }
  const deno = process.env.DENO_BIN ?? "deno";
  if (found(deno, ["--version"])) {
    list.push({
      name: "deno",
      argv: (f) => [deno, "jupyter", "--kernel", "--conn", f],
      warmCode: "1+1",
      declaring: declareConst,
    });
  }
  const python = process.env.PYTHON ?? "/usr/bin/python3";
  if (found(python, ["-c", "import ipykernel"])) {
    list.push({
      name: "ipykernel",
      argv: (f) => [python, "-m", "ipykernel_launcher", "-f", f],
      warmCode: "1+1",
      declaring: (i) => `v_${i} = ${i}`,
    });
  }
  const only = process.env.BENCH_ONLY?.split(",");
  return only ? list.filter((a) => only.includes(a.name)) : list;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Figures {
  anchor: Anchor;
  /** Why the kernel left the rotation, if it did. */
  failed?: string;
  starts: number[];
  warm: number[];
  distinct: number[];
  declaring: number[];
  library?: number;
}

async function shutDown(client: KernelClient): Promise<void> {
  // some kernels never answer shutdown: give them two seconds, then the process is killed
  const shutdown = client.request("shutdown_request", { restart: false }, "control");
  await Promise.race([shutdown, new Promise((resolve) => setTimeout(resolve, 2000))]);
  client.close();
}

/** The time `run` took; throws when it takes over 10 s (a kernel that dropped a request never answers). */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no answer to a cell within 10 s")), 10_000);
  });
  try {
    await Promise.race([run(), late]);
  } finally {
    clearTimeout(timer);
  }
  return performance.now() - t;
}

/** One round: a cell on each kernel in turn; a kernel that does not answer leaves the rotation. */
async function round(
  clients: Map<Figures, KernelClient>,
  code: (f: Figures) => string,
  into: (f: Figures) => number[],
): Promise<void> {
  for (const [f, client] of clients) {
    try {
      into(f).push(await timed(() => client.execute(code(f))));
    } catch (error) {
      f.failed = (error as Error).message;
      clients.delete(f);
      client.close();
    }
  }
}

/**
 * Every measurement goes round the kernels in turn (a start of each, then a round trip on each, ...), so that all of
 * them meet the same load from the machine's other jobs: on these shared machines a kernel measured a minute later
 * can be 1.5x slower for reasons of its own.
 */
async function measureAll(anchors: Anchor[]): Promise<Figures[]> {
  const trace = (what: string) => process.env.BENCH_TRACE && console.error(what);
  const figures: Figures[] = anchors.map((anchor) => ({
    anchor,
    starts: [],
    warm: [],
    distinct: [],
    declaring: [],
  }));
  for (let run = 0; run < starts; run++) {
    for (const f of figures) {
      trace(`${f.anchor.name}: start ${run}`);
      const client = await KernelClient.start(undefined, f.anchor.argv);
      f.starts.push(client.answeredMs ?? Number.NaN);
      await shutDown(client);
    }
  }
  const clients = new Map<Figures, KernelClient>();
  try {
    for (const f of figures) {
      trace(`${f.anchor.name}: the kernel for round trips`);
      const client = await KernelClient.start(undefined, f.anchor.argv);
      clients.set(f, client);
      if (f.anchor.libraryCode) {
        await client.execute("0"); // the engine is built; what follows is the library's own cost
        const t = performance.now();
        const { reply } = await client.execute(f.anchor.libraryCode);
        f.library = performance.now() - t;
        if (reply.content.status !== "ok")
          throw new Error(`library cell failed: ${JSON.stringify(reply.content)}`);
      }
      for (let i = 0; i < 5; i++) await client.execute(f.anchor.warmCode);
    }
    trace("round trips");
    for (let i = 0; i < roundTrips; i++) {
      await round(
        clients,
        (f) => f.anchor.warmCode,
        (f) => f.warm,
      );
    }
    // cells unlike the ones before: a type-checking kernel may reuse its work for a repeated cell
    for (let i = 0; i < roundTrips; i++) {
      await round(
        clients,
        (f) => `${f.anchor.warmCode}+${i}`,
        (f) => f.distinct,
      );
    }
    for (let i = 0; i < roundTrips; i++) {
      await round(
        clients,
        (f) => f.anchor.declaring(i),
        (f) => f.declaring,
      );
    }
  } finally {
    for (const client of clients.values()) await shutDown(client);
  }
  return figures;
}

function line({ anchor, starts, warm, distinct, declaring, library, failed }: Figures): string {
  if (failed)
    return `${anchor.name.padEnd(10)} ${failed} (after ${warm.length + distinct.length + declaring.length} round trips)`;
  return `${anchor.name.padEnd(10)} ${[
    `start ${(median(starts) / 1000).toFixed(2)} s`,
    // the last third apart: a kernel whose engine runs on V8 (explr's TypeScript compiler) gets faster as V8
    // optimizes its code, over hundreds of cells
    `warm 1+1 ${median(warm).toFixed(1)} ms (last third ${median(warm.slice(-Math.ceil(warm.length / 3))).toFixed(1)})`,
    `distinct 1+1+i ${median(distinct).toFixed(1)} ms`,
    `declaring const v_i = i ${median(declaring).toFixed(1)} ms`,
    `first library use ${library === undefined ? "n/a" : `${library.toFixed(0)} ms`}`,
  ].join("   ")}`;
}

console.log(
  `kernel bench: median of ${starts} starts (to kernel_info_reply), ${roundTrips} round trips of each cell, ` +
    "the kernels taken in turn",
);
const watchdog = setTimeout(() => {
  console.log("no answer within 10 minutes");
  KernelClient.killAll();
  process.exit(1);
}, 600_000);
watchdog.unref();
try {
  for (const figures of await measureAll(anchors())) console.log(line(figures));
} catch (error) {
  console.log(`failed: ${error instanceof Error ? error.message : error}`);
}
KernelClient.killAll(); // a kernel that never answered is still running
process.exit(0);
