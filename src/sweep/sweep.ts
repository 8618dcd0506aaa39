/**
 * A whole sweep: plan it (every check before anything runs), write the manifest, hand the runs that have not
 * finished with their parameters to the executor, then name each failed run with the end of its log and write the
 * results table and report.
 */
import path from "node:path";
import type { Executor, SweepConsole } from "./executor.js";
import { allParameters, runFolder, type SweepManifest, writeManifest } from "./manifest.js";
import { writeResults } from "./results-files.js";
import { finishedWith, LOG_FILE, logTail, readRunStatus } from "./run-status.js";

/** Runs a planned sweep into `dir`; resolves to the exit code (0: every run finished, 1: some failed, 130: stopped by Ctrl-C or SIGTERM). */
export async function executeSweep(
  dir: string,
  manifest: SweepManifest,
  executor: Executor,
  out: SweepConsole,
): Promise<number> {
  await writeManifest(dir, manifest);
  const pending = [];
  for (const run of manifest.runs) {
    if (!finishedWith(await readRunStatus(runFolder(dir, run)), allParameters(manifest, run)))
      pending.push(run);
  }
  const skipped = manifest.runs.length - pending.length;
  out.log(
    `explr sweep: ${manifest.runs.length} run(s) in ${dir}` +
      (skipped > 0 ? `, ${skipped} finished already (skipped)` : "") +
      (pending.length > 0 ? `; running ${pending.length} (${executor.description})` : ""),
  );
  const began = performance.now();
  const ended = pending.length > 0 ? await executor.execute(dir, manifest, pending) : "done";
  const failed = [];
  for (const run of pending) {
    const runDir = runFolder(dir, run);
    const status = await readRunStatus(runDir);
    if (!finishedWith(status, allParameters(manifest, run))) failed.push({ run, runDir, status });
  }
  for (const { run, runDir, status } of failed) {
    const how =
      status === undefined
        ? "did not start"
        : status.state === "running"
          ? "did not finish"
          : `failed (exit ${status.exitCode})`;
    const log = await logTail(runDir);
    const tail =
      log !== ""
        ? `the end of ${path.join(runDir, LOG_FILE)}:\n${log}`
        : `it wrote no ${LOG_FILE}; the executor's output ${(await executor.outputTail?.(dir, run)) || "is empty"}`;
    out.error(`\n${run.name} ${how}; ${tail}`);
  }
  const results = await writeResults(dir);
  const finished = results.rows.filter((row) => row.state === "finished").length;
  out.log(
    `explr sweep: ${finished}/${results.rows.length} finished, ${failed.length} failed this time, ` +
      `${((performance.now() - began) / 1000).toFixed(1)} s; table and report in ${path.join(dir, "results.csv")}, ` +
      `${path.join(dir, "report.html")}`,
  );
  if (ended === "interrupted") return 130;
  return failed.length > 0 ? 1 : 0;
}
