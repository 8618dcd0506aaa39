import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { sha256Hex } from "./integrity.js";

/** The cache's table of contents: what the files were made from, and each file's size and sha256. */
export interface CacheManifest {
  readonly source: string;
  readonly files: Record<string, { readonly bytes: number; readonly sha256: string }>;
}

/** The manifest's file name inside a cache directory. */
export const MANIFEST_FILE = "manifest.json";

/**
 * Stores files in `directory` with a manifest written last, each atomically: a reader sees a manifest only once
 * every file it lists is complete.
 */
export async function writeCache(directory: string, source: string, files: ReadonlyMap<string, Uint8Array>) {
  await mkdir(directory, { recursive: true });
  await rm(join(directory, MANIFEST_FILE), { force: true });
  const manifest: CacheManifest = { source, files: {} };
  for (const [name, bytes] of files) {
    await writeFileAtomic(join(directory, name), bytes);
    (manifest.files as Record<string, { bytes: number; sha256: string }>)[name] = {
      bytes: bytes.length,
      sha256: sha256Hex(bytes),
    };
  }
  await writeFileAtomic(join(directory, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** A cache read: the files when the cache is complete and intact, else why it cannot be used. */
export type CacheRead = { files: Map<string, Buffer> } | { problem: string };

/**
 * Reads `names` from the cache in `directory` if its manifest was made from `source` and every file has the size
 * and sha256 the manifest records. A missing, partial or corrupt cache gives `{ problem }`, never its bytes.
 */
export async function readCache(
  directory: string,
  source: string,
  names: readonly string[],
): Promise<CacheRead> {
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(await readFile(join(directory, MANIFEST_FILE), "utf8")) as CacheManifest;
  } catch {
    return { problem: `no readable ${MANIFEST_FILE} in ${directory}` };
  }
  if (manifest.source !== source) {
    return { problem: `cache was made from ${manifest.source}, not ${source}` };
  }
  // Files are read concurrently so that hashing one overlaps with reading the next.
  const checks = await Promise.all(
    names.map(async (name): Promise<[string, Buffer] | string> => {
      const entry = manifest.files?.[name];
      if (!entry) return `${MANIFEST_FILE} does not list ${name}`;
      const path = join(directory, name);
      const size = await stat(path).then(
        (s) => s.size,
        () => -1,
      );
      if (size !== entry.bytes) return `${name} has ${size} bytes, the manifest says ${entry.bytes}`;
      const bytes = await readFile(path);
      return sha256Hex(bytes) === entry.sha256 ? [name, bytes] : `${name} does not match its sha256`;
    }),
  );
  const problem = checks.find((check): check is string => typeof check === "string");
  if (problem !== undefined) return { problem };
  const files = new Map(checks as [string, Buffer][]);
  return { files };
}
