import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MANIFEST_FILE, readCache, writeCache } from "../../src/data/cache.js";
import { removeDir } from "./fixture.js";

const files = new Map([
  ["a.bin", Uint8Array.from([1, 2, 3])],
  ["b.bin", Uint8Array.from([4, 5])],
]);

describe("cache", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "explr-cache-"));
  });
  after(() => removeDir(dir));

  it("reads back what it wrote, with a manifest of sizes and sha256", async () => {
    const at = join(dir, "ok");
    await writeCache(at, "src@1", files);
    const read = await readCache(at, "src@1", ["a.bin", "b.bin"]);
    assert.ok("files" in read);
    assert.deepEqual(new Uint8Array(read.files.get("b.bin") as Buffer), files.get("b.bin"));
    const manifest = JSON.parse(await readFile(join(at, MANIFEST_FILE), "utf8"));
    assert.equal(manifest.files["a.bin"].bytes, 3);
    assert.match(manifest.files["a.bin"].sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual((await readdir(at)).sort(), ["a.bin", "b.bin", MANIFEST_FILE]);
  });

  it("refuses a missing manifest, another source, a truncated file or a changed byte", async () => {
    const at = join(dir, "bad");
    assert.match(
      ((await readCache(at, "src@1", ["a.bin"])) as { problem: string }).problem,
      /no readable manifest/,
    );
    await writeCache(at, "src@1", files);
    assert.match(
      ((await readCache(at, "src@2", ["a.bin"])) as { problem: string }).problem,
      /made from src@1/,
    );
    assert.match(
      ((await readCache(at, "src@1", ["c.bin"])) as { problem: string }).problem,
      /does not list c\.bin/,
    );
    await truncate(join(at, "a.bin"), 2);
    assert.match(
      ((await readCache(at, "src@1", ["a.bin", "b.bin"])) as { problem: string }).problem,
      /a\.bin has 2 bytes, the manifest says 3/,
    );
    await writeFile(join(at, "b.bin"), Uint8Array.from([4, 6]));
    assert.match(
      ((await readCache(at, "src@1", ["b.bin"])) as { problem: string }).problem,
      /b\.bin does not match/,
    );
  });
});
