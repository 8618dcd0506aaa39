import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DownloadError, downloadVerified } from "../../src/data/download.js";
import { type FakeRegistry, fakeRegistry, refusedUrl, removeDir } from "./fixture.js";

const payload = Buffer.from("some tarball bytes ".repeat(1000));
const integrity = `sha512-${createHash("sha512").update(payload).digest("base64")}`;

describe("downloadVerified", () => {
  let dir: string;
  let registry: FakeRegistry;
  let body = payload;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "explr-download-"));
    registry = await fakeRegistry("p", "1.0.0", integrity, async () => body);
  });
  after(async () => {
    await registry.close();
    await removeDir(dir);
  });
  const url = () => `${registry.url}p/-/p-1.0.0.tgz`;

  it("keeps a download whose sha512 matches", async () => {
    body = payload;
    await downloadVerified(url(), join(dir, "ok.tgz"), [integrity], { quiet: true });
    assert.deepEqual(await readFile(join(dir, "ok.tgz")), payload);
  });

  it("throws a checksum error on corrupt bytes and leaves no file behind", async () => {
    body = Buffer.from(payload);
    body[10] ^= 1;
    await assert.rejects(
      downloadVerified(url(), join(dir, "bad.tgz"), [integrity], { quiet: true }),
      /checksum mismatch/,
    );
    assert.ok(!(await readdir(dir)).some((name) => name.startsWith("bad.tgz")));
  });

  it("reports an HTTP failure", async () => {
    await assert.rejects(
      downloadVerified(`${registry.url}missing.tgz`, join(dir, "m.tgz"), [integrity], { quiet: true }),
      /HTTP 404/,
    );
  });

  it("names the URL and the system's reason when the connection is refused, not a bare 'fetch failed'", async () => {
    const url = `${await refusedUrl()}p.tgz`;
    await assert.rejects(downloadVerified(url, join(dir, "r.tgz"), [integrity], { quiet: true }), (error) => {
      assert.ok(error instanceof DownloadError);
      assert.equal(error.url, url);
      assert.match(error.message, new RegExp(`download of ${url} failed: connect ECONNREFUSED`));
      return true;
    });
  });

  it("names the bytes received when the connection breaks mid-download, and leaves no file", async () => {
    const server = createServer((_, response) => {
      response.setHeader("content-length", 1000);
      response.write(Buffer.alloc(10), () => response.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/p.tgz`;
    try {
      await assert.rejects(
        downloadVerified(url, join(dir, "broken.tgz"), [integrity], { quiet: true }),
        /download of .*p\.tgz failed: the connection broke after 10 bytes/,
      );
    } finally {
      server.close();
    }
    assert.ok(!(await readdir(dir)).some((name) => name.startsWith("broken.tgz")));
  });
});
