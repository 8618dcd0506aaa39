import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeFileAtomic } from "../src/atomic-write.js";

test("writes and replaces a file, leaving no temporary file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "explr-atomic-"));
  try {
    const path = join(dir, "a.txt");
    await writeFile(path, "old");
    await writeFileAtomic(path, "new");
    assert.equal(await readFile(path, "utf8"), "new");
    assert.deepEqual(await readdir(dir), ["a.txt"]);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test("a failed write leaves the old file and no temporary file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "explr-atomic-"));
  try {
    // Renaming a file over a directory fails after the temporary file was written.
    const target = join(dir, "taken");
    await writeFile(join(dir, "keep.txt"), "kept");
    await import("node:fs/promises").then((fs) => fs.mkdir(join(target, "inside"), { recursive: true }));
    await assert.rejects(writeFileAtomic(target, "x"));
    assert.deepEqual((await readdir(dir)).sort(), ["keep.txt", "taken"]);
  } finally {
    await rm(dir, { recursive: true });
  }
});
