/** Writes a sweep's table and report into its folder: `results.csv`, `results.json`, `report.html`. */
import path from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { loadSweep, resultsCsv, resultsJson, type SweepResults } from "./collect.js";
import { sweepReportHtml } from "./report.js";

export const RESULT_FILES = ["results.csv", "results.json", "report.html"] as const;

export async function writeResults(dir: string): Promise<SweepResults> {
  const results = await loadSweep(dir);
  await writeFileAtomic(path.join(dir, "results.csv"), resultsCsv(results));
  await writeFileAtomic(path.join(dir, "results.json"), resultsJson(results));
  await writeFileAtomic(path.join(dir, "report.html"), sweepReportHtml(results));
  return results;
}
