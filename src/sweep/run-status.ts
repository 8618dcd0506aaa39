/**
 * A run's state, in `status.json` of its folder, written by the task that runs it: `running` when it starts,
 * then `finished` or `failed` (with the exit code). A run killed before it could say so stays `running`, so a
 * resumed sweep runs it again. "Finished" counts only with the parameters the manifest now gives the run, so a
 * folder of the same name but other parameters is never taken for it.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { sameJson } from "./canonical-json.js";
import type { Parameters } from "./grid.js";

export const STATUS_FILE = "status.json";
export const LOG_FILE = "log.txt";

export interface RunStatus {
  readonly state: "running" | "finished" | "failed";
  /** Every parameter the run was given (fixed and grid). */
  readonly parameters: Parameters;
  readonly explrVersion: string;
  readonly host: string;
  readonly started: string;
  readonly seconds?: number;
  readonly exitCode?: number;
}

export async function readRunStatus(runDir: string): Promise<RunStatus | undefined> {
  try {
    return JSON.parse(await readFile(path.join(runDir, STATUS_FILE), "utf8")) as RunStatus;
  } catch {
    return undefined;
  }
}

export async function writeRunStatus(runDir: string, status: RunStatus): Promise<void> {
  await writeFileAtomic(path.join(runDir, STATUS_FILE), `${JSON.stringify(status, null, 1)}\n`);
}

/** Whether the run finished with these parameters: it is then skipped, and nothing of it is written again. */
export function finishedWith(status: RunStatus | undefined, parameters: Parameters): boolean {
  return status?.state === "finished" && sameJson(status.parameters, parameters);
}

/** The last `count` lines of a run's log (for naming what failed). */
export async function logTail(runDir: string, count = 15): Promise<string> {
  const text = await readFile(path.join(runDir, LOG_FILE), "utf8").catch(() => "");
  return text.trimEnd().split("\n").slice(-count).join("\n");
}
