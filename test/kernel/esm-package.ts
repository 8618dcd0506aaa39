import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Installs an ESM-only package `name` in `dir/node_modules`: index.js, and index.d.ts when given. */
export function installEsmPackage(dir: string, name: string, js: string, dts?: string): void {
  const pkg = path.join(dir, "node_modules", name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    path.join(pkg, "package.json"),
    JSON.stringify({ name, type: "module", exports: "./index.js" }),
  );
  writeFileSync(path.join(pkg, "index.js"), js);
  if (dts !== undefined) writeFileSync(path.join(pkg, "index.d.ts"), dts);
}
