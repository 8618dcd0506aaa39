import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { temporaryPathFor, writeFileAtomic, writeFileAtomicSync } from "../src/atomic-write.js";

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

test("writes bytes with the mode asked for, replacing a file of another mode", async () => {
  const dir = await mkdtemp(join(tmpdir(), "explr-atomic-"));
  try {
    const path = join(dir, "secret.bin");
    await writeFile(path, "old", { mode: 0o644 });
    await writeFileAtomic(path, Uint8Array.of(1, 2, 3), { mode: 0o600 });
    assert.deepEqual([...(await readFile(path))], [1, 2, 3]);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test("the synchronous form replaces a file, and a failed write leaves no temporary file", async () => {
  const dir = await mkdtemp(join(tmpdir(), "explr-atomic-"));
  try {
    const path = join(dir, "history.jsonl");
    writeFileAtomicSync(path, "one\n", { mode: 0o600 });
    writeFileAtomicSync(path, "two\n", { mode: 0o600 });
    assert.equal(await readFile(path, "utf8"), "two\n");
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    await mkdir(join(dir, "taken", "inside"), { recursive: true });
    assert.throws(() => writeFileAtomicSync(join(dir, "taken"), "x"));
    assert.deepEqual((await readdir(dir)).sort(), ["history.jsonl", "taken"]);
  } finally {
    await rm(dir, { recursive: true });
  }
});

test("temporary paths are unique and lie next to the target", () => {
  const a = temporaryPathFor("/data/file.json");
  assert.match(a, /^\/data\/file\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
  assert.notEqual(a, temporaryPathFor("/data/file.json"));
});
