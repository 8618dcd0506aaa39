/**
 * One run of a sweep, as a process of its own (`explr sweep task DIR INDEX`): what the local executor starts for
 * each run and what each Slurm array task executes. It reads its entry from the manifest, skips a run that already
 * finished with the same parameters, and otherwise runs `explr run` or `explr train` with all output appended to the
 * run's `log.txt`, writing `status.json` before and after.
 */
import { spawn } from "node:child_process";
import { open } from "node:fs/promises";
import { constants, hostname } from "node:os";
import path from "node:path";
import { cliPath } from "../../cli/path.js";
import { allParameters, MANIFEST_FILE, readManifest, runFolder } from "./manifest.js";
import { runArguments } from "./run-arguments.js";
import { finishedWith, LOG_FILE, readRunStatus, writeRunStatus } from "./run-status.js";
import { explrVersion } from "./version.js";

/** Runs entry `index` of the sweep in `sweepDir`; resolves to the exit code (0: finished or already finished). */
export async function runTask(sweepDir: string, index: number): Promise<number> {
  const manifest = await readManifest(sweepDir);
  if (manifest === undefined) {
    throw new Error(
      `explr sweep task: no ${MANIFEST_FILE} in ${sweepDir}; on a cluster the sweep folder must be on a file ` +
        "system every node shares",
    );
  }
  if (manifest.explrVersion !== explrVersion) {
    throw new Error(
      `explr sweep task: the sweep was planned by explr ${manifest.explrVersion} but this node runs ${explrVersion} ` +
        `(${cliPath}); install the same explr where the tasks run`,
    );
  }
  const run = manifest.runs[index];
  if (run === undefined) {
    throw new RangeError(
      `explr sweep task: ${sweepDir} has runs 0..${manifest.runs.length - 1}, not ${index}`,
    );
  }
  const runDir = runFolder(sweepDir, run);
  const parameters = allParameters(manifest, run);
  if (finishedWith(await readRunStatus(runDir), parameters)) {
    console.log(`${run.name}: already finished, skipped`);
    return 0;
  }
  const args = await runArguments(manifest, run, runDir, parameters);
  const started = new Date();
  const common = { parameters, explrVersion, host: hostname(), started: started.toISOString() };
  await writeRunStatus(runDir, { state: "running", ...common });
  const log = await open(path.join(runDir, LOG_FILE), "a");
  await log.write(
    `explr sweep: run ${run.name} (index ${index}) on ${common.host} at ${common.started}: explr ${args.join(" ")}\n`,
  );
  const child = spawn(process.execPath, [cliPath, ...args], {
    stdio: ["ignore", log.fd, log.fd],
    env: { ...process.env, EXPLR_NATIVE_THREADS: String(manifest.threadsPerRun) },
  });
  // A task that is asked to stop passes it on and still records how the run ended.
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0))),
    );
  }).finally(() => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  });
  await log.close();
  const seconds = (Date.now() - started.getTime()) / 1000;
  await writeRunStatus(runDir, {
    state: exitCode === 0 ? "finished" : "failed",
    ...common,
    seconds,
    exitCode,
  });
  return exitCode === 0 ? 0 : 1;
}
