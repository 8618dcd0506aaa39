import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DEFAULT_REGISTRY, resolveTarball, userRegistry } from "../../src/data/npm-registry.js";
import { fakeRegistry, removeDir } from "./fixture.js";

describe("userRegistry", () => {
  it("takes npm_config_registry first and adds the trailing slash", async () => {
    assert.equal(
      await userRegistry({ npm_config_registry: "http://mirror.example/npm" }),
      "http://mirror.example/npm/",
    );
    assert.equal(await userRegistry({ NPM_CONFIG_REGISTRY: "http://b.example/" }), "http://b.example/");
  });

  it("else asks npm, which reads the user's .npmrc", async () => {
    const dir = await mkdtemp(join(tmpdir(), "explr-npmrc-"));
    try {
      await writeFile(join(dir, "npmrc"), "registry=http://npmrc.example/path\n");
      const env = { PATH: process.env.PATH, HOME: dir, npm_config_userconfig: join(dir, "npmrc") };
      assert.equal(await userRegistry(env), "http://npmrc.example/path/");
    } finally {
      await removeDir(dir);
    }
  });

  it("falls back to the public registry when npm cannot be run", async () => {
    assert.equal(await userRegistry({ PATH: "" }), DEFAULT_REGISTRY);
  });
});

describe("resolveTarball", () => {
  it("reads the tarball URL and integrity of the version from the metadata", async () => {
    const registry = await fakeRegistry("pkg", "1.2.3", "sha512-abc", async () => new Uint8Array());
    try {
      const location = await resolveTarball(registry.url, "pkg", "1.2.3");
      assert.deepEqual(location, { url: `${registry.url}pkg/-/pkg-1.2.3.tgz`, integrity: "sha512-abc" });
      await assert.rejects(resolveTarball(registry.url, "pkg", "9.9.9"), /no tarball for pkg@9\.9\.9/);
      await assert.rejects(resolveTarball(registry.url, "other", "1.0.0"), /answered 404 for other/);
    } finally {
      await registry.close();
    }
  });

  it("refuses a version without an integrity", async () => {
    const registry = await fakeRegistry("pkg", "1.0.0", undefined, async () => new Uint8Array());
    try {
      await assert.rejects(resolveTarball(registry.url, "pkg", "1.0.0"), /no sha512 integrity/);
    } finally {
      await registry.close();
    }
  });
});
