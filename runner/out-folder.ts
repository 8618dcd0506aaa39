/**
 * The output folder of `explr run`, checked before any notebook runs: a folder it cannot write would otherwise
 * surface only after the whole run, as a raw errno on a temporary file's path.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** What an errno means for someone choosing an output folder. */
const reasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "a file, not a folder, has that name",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
};

/**
 * Creates `folder` if needed and proves it writable by writing and removing a probe file; throws an Error naming
 * the folder, why it cannot be written and the fix.
 */
export async function prepareOutFolder(folder: string, command = "explr run"): Promise<void> {
  const probe = path.join(folder, `.explr-write-check-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(probe, "");
    await rm(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = reasons[code] ?? (error as Error).message;
    throw new Error(
      `${command} cannot write its output folder ${folder} (${reason}${code && reasons[code] ? `, ${code}` : ""}): ` +
        "give another with --out DIR, or make this one writable (e.g. chmod u+w); nothing was run",
    );
  }
}
