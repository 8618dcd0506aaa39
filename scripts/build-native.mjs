#!/usr/bin/env node
/**
 * Builds explr's optional native addons, calling g++ directly with Node's own headers (node-gyp would download them,
 * impossible offline):
 * - native/*.cc → build/native/explr_native.node: oneDNN convolutions and fused BatchNorm for the wasm backend;
 * - native/heap-guard/*.cc → build/native/explr_heap_guard.node: the kernel's heap guard (a cell that fills the heap
 *   fails instead of ending the kernel), which needs nothing but g++ and Node's headers.
 * Never fails the build: an addon that cannot be built (no g++, no headers, no oneDNN: Debian `apt-get install
 * libdnnl-dev`) gets its one-line reason written next to where it would be (`unavailable.txt`,
 * `heap-guard-unavailable.txt`), which explr reports, and the script exits 0.
 * Skips a compile when the addon is newer than every file of its sources' folder. `--force` rebuilds.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "build", "native");
const compiler = process.env.CXX ?? "g++";
// Node's headers sit next to its binary: <prefix>/bin/node and <prefix>/include/node/node_api.h.
const nodeInclude = resolve(dirname(process.execPath), "..", "include", "node");

/**
 * Builds `addon` (a file name in build/native) from the .cc files of `sourceDir` with `flags`, or writes why it
 * cannot to `reasonName`; `what` names it in messages and `hint(stderr)` adds a fix to a failed compile's reason.
 */
function build({ what, sourceDir, addon, reasonName, flags, hint }) {
  const files = readdirSync(sourceDir)
    .map((name) => join(sourceDir, name))
    .filter((file) => statSync(file).isFile());
  const output = join(outDir, addon);
  const reasonFile = join(outDir, reasonName);
  const unavailable = (reason) => {
    rmSync(output, { force: true });
    writeFileSync(reasonFile, `${reason}\n`);
    console.warn(`explr: ${what} not built: ${reason}`);
  };
  mkdirSync(outDir, { recursive: true });
  if (
    !process.argv.includes("--force") &&
    existsSync(output) &&
    files.every((file) => statSync(output).mtimeMs > statSync(file).mtimeMs)
  ) {
    return;
  }
  if (!existsSync(join(nodeInclude, "node_api.h"))) return unavailable(`no node_api.h in ${nodeInclude}`);
  const sources = files.filter((file) => file.endsWith(".cc"));
  const args = [
    "-O2",
    "-std=c++17",
    "-shared",
    "-fPIC",
    "-Wall",
    `-I${nodeInclude}`,
    ...flags.before,
    ...sources,
  ];
  args.push("-o", output, ...flags.after);
  const run = spawnSync(compiler, args, { encoding: "utf8" });
  if (run.error) return unavailable(`${compiler} not found (${run.error.message})`);
  if (run.status !== 0) {
    // The compiler's or the linker's first complaint, e.g. "fatal error: dnnl.hpp: No such file or directory".
    const lines = run.stderr.split("\n");
    const firstError = lines.find((l) => /error:|cannot find/.test(l)) ?? lines[0];
    return unavailable(`${compiler} failed: ${firstError}${hint(run.stderr)}`);
  }
  rmSync(reasonFile, { force: true });
  console.log(`explr: built ${output}`);
}

build({
  what: "the kernel's heap guard",
  sourceDir: join(root, "native", "heap-guard"),
  addon: "explr_heap_guard.node",
  reasonName: "heap-guard-unavailable.txt",
  flags: { before: [], after: [] },
  hint: () => "",
});
build({
  what: "native convolutions",
  sourceDir: join(root, "native"),
  addon: "explr_native.node",
  reasonName: "unavailable.txt",
  flags: { before: ["-fopenmp"], after: ["-ldnnl"] },
  hint: (stderr) => (/dnnl/.test(stderr) ? " (install oneDNN: apt-get install libdnnl-dev)" : ""),
});
