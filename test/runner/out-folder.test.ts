import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { prepareOutFolder } from "../../runner/out-folder.js";
import { tempDir } from "../temp-dirs.js";

test("the output folder is created and left empty: the probe file is removed", async () => {
  const folder = path.join(tempDir("explr-out-"), "a", "b");
  await prepareOutFolder(folder);
  assert.deepEqual(readdirSync(folder), []);
  await prepareOutFolder(folder);
});

test("an output folder that cannot be made is refused naming it, why, and the fix", async () => {
  const dir = tempDir("explr-out-file-");
  const file = path.join(dir, "taken");
  writeFileSync(file, "");
  await assert.rejects(
    prepareOutFolder(path.join(file, "out")),
    new RegExp(
      `cannot write its output folder ${path.join(file, "out")} \\(a part of the path is a file, not a folder, ` +
        "ENOTDIR\\): give another with --out DIR, or make this one writable",
    ),
  );
  await assert.rejects(prepareOutFolder(file), /\(a file, not a folder, has that name, EEXIST\)/);
});
