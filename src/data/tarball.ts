import { t as listTar } from "tar";

/**
 * Reads the named entries of a .tgz file into memory, skipping all others. npm tarballs keep files under
 * `package/`, so names are matched after that prefix: `readTarEntries(f, ["a.json"])` finds `package/a.json`.
 * Throws an Error listing the entries the tarball lacks.
 */
export async function readTarEntries(file: string, names: readonly string[]): Promise<Map<string, Buffer>> {
  const wanted = new Set(names);
  const chunks = new Map<string, Buffer[]>();
  const inner = (path: string) => path.replace(/^package\//, "");
  await listTar({
    file,
    strict: true,
    filter: (path) => wanted.has(inner(path)),
    onReadEntry: (entry) => {
      const parts: Buffer[] = [];
      chunks.set(inner(entry.path), parts);
      entry.on("data", (chunk: Buffer) => parts.push(chunk));
    },
  });
  const missing = names.filter((name) => !chunks.has(name));
  if (missing.length > 0) {
    throw new Error(`${file} lacks ${missing.join(", ")}; it is not the expected package tarball`);
  }
  return new Map([...chunks].map(([name, parts]) => [name, Buffer.concat(parts)]));
}
