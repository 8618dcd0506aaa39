/**
 * A child process for tslab-compiler.test.ts: runs the cells of the JSON file named on the command line with
 * tslab's own converter (two compiles per cell, no hook in this process) and prints the records as JSON.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { runCells } from "./cell-runs.js";

const require = createRequire(import.meta.url);
const [cellsFile] = process.argv.slice(2);
if (!cellsFile) throw new Error("usage: two-pass-cells.js CELLS.json");
const cells = JSON.parse(readFileSync(cellsFile, "utf8")) as string[];
const runs = await runCells(require("tslab/dist/converter.js"), cells);
process.stdout.write(JSON.stringify(runs));
