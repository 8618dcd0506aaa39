import { createWriteStream, type WriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { temporaryPathFor } from "../atomic-write.js";
import { assertIntegrity, sha512Hasher } from "./integrity.js";
import { progressBar } from "./progress.js";

/** `url` could not be fetched: no network, a refused or broken connection, or an HTTP error (not a bad checksum). */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly url: string,
    /** Why, in a few words: the system's reason ("getaddrinfo ENOTFOUND host") or the HTTP status. */
    readonly reason: string,
  ) {
    super(message);
    this.name = "DownloadError";
  }
}

/** The system's reason behind a failed fetch: undici's "fetch failed" hides it in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return cause?.message || cause?.code || (error as Error).message;
}

/** `fetch`, with a transport failure (no network, refused, reset) as a DownloadError that says why. */
export async function fetchExplained(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const reason = networkReason(error);
    throw new DownloadError(`download of ${url} failed: ${reason}`, url, reason);
  }
}

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
  const response = await fetchExplained(url);
  if (!response.ok || !response.body) {
    const reason = `HTTP ${response.status} ${response.statusText}`;
    throw new DownloadError(`download of ${url} failed: ${reason}`, url, reason);
  }
  const total = Number(response.headers.get("content-length") ?? 0);
  const bar = progressBar(options.label ?? "download", total, {
    quiet: options.quiet || total === 0,
    unit: "MB",
  });
  const temporary = temporaryPathFor(destination);
  const hasher = sha512Hasher();
  const file = createWriteStream(temporary);
  try {
    let done = 0;
    try {
      for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
        hasher.update(chunk);
        done += chunk.length;
        bar.update(done);
        if (!file.write(chunk)) await new Promise<void>((resolve) => file.once("drain", () => resolve()));
      }
    } catch (error) {
      const reason = `the connection broke after ${done} bytes: ${networkReason(error)}`;
      throw new DownloadError(`download of ${url} failed: ${reason}`, url, reason);
    }
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    bar.stop();
    assertIntegrity(hasher.integrity(), expectedIntegrity, url);
    await rename(temporary, destination);
  } catch (error) {
    bar.stop();
    await abandon(file);
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Closes a file being written without finishing it. A write still in flight fails once the stream is destroyed, and
 * that failure would be an uncaught 'error' event: it is expected here, since the partial file is removed next.
 */
async function abandon(file: WriteStream): Promise<void> {
  file.on("error", () => {});
  if (file.closed) return;
  await new Promise<void>((resolve) => {
    file.once("close", () => resolve());
    file.destroy();
  });
}
