import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { assertIntegrity, sha512Hasher } from "./integrity.js";
import { progressBar } from "./progress.js";

/**
 * Downloads `url` to `destination` while hashing it, and keeps it only if its sha512 matches every one of
 * `expectedIntegrity` (SRI strings). Writes to a temporary file renamed into place, so `destination` is either
 * absent or complete and verified. Shows a progress bar unless `quiet`.
 */
export async function downloadVerified(
  url: string,
  destination: string,
  expectedIntegrity: readonly string[],
  options: { quiet?: boolean; label?: string } = {},
): Promise<void> {
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`download of ${url} failed: HTTP ${response.status} ${response.statusText}`);
  }
  const total = Number(response.headers.get("content-length") ?? 0);
  const bar = progressBar(options.label ?? "download", total, {
    quiet: options.quiet || total === 0,
    unit: "MB",
  });
  const temporary = `${destination}.${process.pid}.partial`;
  const hasher = sha512Hasher();
  const file = createWriteStream(temporary);
  try {
    let done = 0;
    for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
      hasher.update(chunk);
      done += chunk.length;
      bar.update(done);
      if (!file.write(chunk)) await new Promise<void>((resolve) => file.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    bar.stop();
    assertIntegrity(hasher.integrity(), expectedIntegrity, url);
    await rename(temporary, destination);
  } catch (error) {
    bar.stop();
    file.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
