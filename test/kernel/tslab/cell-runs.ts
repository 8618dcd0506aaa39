/**
 * Runs cells through tslab's executor with a given converter module and records, per cell, what it compiled to
 * and what it did: tslab-compiler.test.ts runs the same cells with tslab as it is (in a child process,
 * `two-pass-cells.ts`) and over explr's faster compiler, and compares the records.
 */
import { createRequire } from "node:module";
import { format, inspect } from "node:util";
import type { Converter, ConvertResult } from "tslab/dist/converter.js";

type ConverterModule = { createConverter(): Converter };

export interface CellRun {
  output?: string;
  declOutput?: string;
  diagnostics: string[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: { path: string; data: string }[];
  /** The cell's last value, as tslab's executor reports it. */
  values: string[];
  /** Errors and diagnostics the executor reported, without stack traces (their line numbers may differ). */
  errors: string[];
  /** Every variable the notebook holds after the cell. */
  locals: string;
}

const require = createRequire(import.meta.url);

export async function runCells(
  converterModule: ConverterModule,
  cells: readonly string[],
): Promise<CellRun[]> {
  const { createExecutor } = require("tslab/dist/executor.js") as typeof import("tslab/dist/executor.js");
  const converter = converterModule.createConverter();
  let run: CellRun = { diagnostics: [], values: [], errors: [], locals: "" };
  const recording: Converter = {
    ...converter,
    convert(previous, source) {
      const result: ConvertResult = converter.convert(previous, source);
      Object.assign(run, {
        output: result.output,
        declOutput: result.declOutput,
        diagnostics: result.diagnostics.map((d) => d.messageText),
        lastExpressionVar: result.lastExpressionVar,
        hasToplevelAwait: result.hasToplevelAwait,
        sideOutputs: result.sideOutputs,
      });
      return result;
    },
  };
  const executor = createExecutor(
    process.cwd(),
    { node: recording, browser: recording, close: () => converter.close() },
    {
      log: (value: unknown) => run.values.push(inspect(value)),
      error: (first: unknown, ...rest: unknown[]) =>
        run.errors.push(first instanceof Error ? `${first.name}: ${first.message}` : format(first, ...rest)),
    },
  );
  const runs: CellRun[] = [];
  try {
    for (const cell of cells) {
      run = { diagnostics: [], values: [], errors: [], locals: "" };
      await executor.execute(cell);
      run.locals = inspect(Object.fromEntries(Object.entries(executor.locals).sort()), {
        depth: 1,
        sorted: true,
      });
      runs.push(run);
    }
  } finally {
    executor.close();
  }
  return runs;
}
