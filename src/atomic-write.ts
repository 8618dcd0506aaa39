import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";

/**
 * Writes files so that readers see the old content or the new, never half of it: the content goes to a temporary
 * file next to the target, which is then renamed over it (rename is atomic within a file system). A failed write
 * removes its temporary file and leaves the target as it was.
 */

/** Options of an atomic write. */
export interface AtomicWriteOptions {
  /** The new file's permissions (e.g. 0o600 for a file only its owner may read); default: the process's umask. */
  mode?: number;
}

/** A unique temporary path next to `path`, for content that is renamed over `path` once complete. */
export function temporaryPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** Replaces `path` with `content` atomically. */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const temporary = temporaryPathFor(path);
  try {
    await writeFile(temporary, content, { mode: options.mode });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** `writeFileAtomic` for callers that cannot wait (the kernel's history file, written between messages). */
export function writeFileAtomicSync(
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  const temporary = temporaryPathFor(path);
  try {
    writeFileSync(temporary, content, { mode: options.mode });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
