#!/usr/bin/env node
/**
 * Builds explr's optional native addon (native/*.cc → build/native/explr_native.node): oneDNN convolutions and
 * fused BatchNorm for the wasm backend. Calls g++ directly with Node's own headers (node-gyp would download them, impossible offline).
 * Never fails the build: without g++, Node's headers or oneDNN (Debian: `apt-get install libdnnl-dev`) it writes the
 * one-line reason to build/native/unavailable.txt, which explr reports at start-up, and exits 0.
 * Skips the compile when the addon is newer than every file of native/. `--force` rebuilds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const nativeDir = join(root, "native");
const files = readdirSync(nativeDir).map((name) => join(nativeDir, name));
const sources = files.filter((file) => file.endsWith(".cc"));
const outDir = join(root, "build", "native");
const addon = join(outDir, "explr_native.node");
const reasonFile = join(outDir, "unavailable.txt");

function unavailable(reason) {
  mkdirSync(outDir, { recursive: true });
  rmSync(addon, { force: true });
  writeFileSync(reasonFile, `${reason}\n`);
  console.warn(`explr: native convolutions not built: ${reason}`);
  process.exit(0);
}

if (
  !process.argv.includes("--force") &&
  existsSync(addon) &&
  files.every((file) => statSync(addon).mtimeMs > statSync(file).mtimeMs)
) {
  process.exit(0);
}
// Node's headers sit next to its binary: <prefix>/bin/node and <prefix>/include/node/node_api.h.
const nodeInclude = resolve(dirname(process.execPath), "..", "include", "node");
if (!existsSync(join(nodeInclude, "node_api.h"))) unavailable(`no node_api.h in ${nodeInclude}`);
const compiler = process.env.CXX ?? "g++";
const args = ["-O2", "-std=c++17", "-shared", "-fPIC", "-fopenmp", "-Wall", `-I${nodeInclude}`, ...sources];
args.push("-o", addon, "-ldnnl");
mkdirSync(outDir, { recursive: true });
const run = spawnSync(compiler, args, { encoding: "utf8" });
if (run.error) unavailable(`${compiler} not found (${run.error.message})`);
if (run.status !== 0) {
  // The compiler's or the linker's first complaint, e.g. "fatal error: dnnl.hpp: No such file or directory".
  const lines = run.stderr.split("\n");
  const firstError = lines.find((l) => /error:|cannot find/.test(l)) ?? lines[0];
  const hint = /dnnl/.test(run.stderr) ? " (install oneDNN: apt-get install libdnnl-dev)" : "";
  unavailable(`${compiler} failed: ${firstError}${hint}`);
}
rmSync(reasonFile, { force: true });
console.log(`explr: built ${addon}`);
