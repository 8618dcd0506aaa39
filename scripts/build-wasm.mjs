#!/usr/bin/env node
/**
 * Assembles explr's hand-written WebAssembly kernels, src/backend/wasm/*.wat → dist/src/backend/wasm/*.wasm, next
 * to the compiled JavaScript that loads them, with wabt (a devDependency; WebAssembly SIMD on). Unlike the native
 * addon this needs nothing outside npm, so a failure fails the build: a missing wabt (install the devDependencies:
 * npm ci) or a .wat that does not assemble or validate.
 * Skips a file whose .wasm is newer than its .wat. `--force` rebuilds.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sourceDir = join(root, "src", "backend", "wasm");
const outDir = join(root, "dist", "src", "backend", "wasm");

const sources = readdirSync(sourceDir).filter((name) => name.endsWith(".wat"));
const stale = sources.filter((name) => {
  const output = join(outDir, name.replace(/\.wat$/, ".wasm"));
  return (
    process.argv.includes("--force") ||
    !existsSync(output) ||
    statSync(output).mtimeMs <= statSync(join(sourceDir, name)).mtimeMs
  );
});

if (stale.length > 0) {
  let createWabt;
  try {
    createWabt = (await import("wabt")).default;
  } catch (error) {
    console.error(
      `explr: cannot assemble ${stale.join(", ")}: wabt is not installed (npm ci): ${error.message}`,
    );
    process.exit(1);
  }
  const wabt = await createWabt();
  mkdirSync(outDir, { recursive: true });
  for (const name of stale) {
    const file = join(sourceDir, name);
    const output = join(outDir, name.replace(/\.wat$/, ".wasm"));
    let module;
    try {
      module = wabt.parseWat(file, readFileSync(file, "utf8"), { simd: true });
      module.resolveNames();
      module.validate();
      writeFileSync(output, module.toBinary({}).buffer);
    } catch (error) {
      console.error(`explr: ${name} does not assemble: ${error.message}`);
      process.exit(1);
    } finally {
      module?.destroy();
    }
    console.log(`explr: assembled ${output}`);
  }
}
