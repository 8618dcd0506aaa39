/**
 * A sweep's grid: axes of values given on the command line (`--grid KEY=[v1,v2]`, `--seeds 0..4`), and their
 * product, the list of each run's parameters. A key is a notebook parameter's name or, for a training config, a
 * dotted path to a field (`optimizer.lr.init`).
 */
import { type ParameterValue, parseParameterArgs } from "../../runner/parameters.js";

/** One axis: a key and the values it takes, in order. */
export interface GridAxis {
  readonly key: string;
  readonly values: readonly ParameterValue[];
}

/** A run's parameters: a value for each key. */
export type Parameters = Readonly<Record<string, ParameterValue>>;

const segment = /^[A-Za-z_$][\w$]*$/;
const reserved = ["__proto__", "constructor", "prototype"];

/** Refuses a key that is not a dotted path of identifiers, or that names JavaScript's object machinery. */
export function checkKey(key: string, option: string): void {
  const parts = key.split(".");
  if (!parts.every((part) => segment.test(part))) {
    throw new TypeError(
      `${option} "${key}": the name must be an identifier or a dotted path of them (e.g. optimizer.lr.init)`,
    );
  }
  const bad = parts.find((part) => reserved.includes(part));
  if (bad !== undefined) {
    throw new TypeError(`${option} "${key}": "${bad}" names JavaScript's object machinery, not a value`);
  }
}

/** Splits `KEY=TEXT`, refusing anything else with the option's usage. */
function splitAssignment(arg: string, option: string, example: string): [string, string] {
  const at = arg.indexOf("=");
  if (at <= 0) throw new TypeError(`${option} "${arg}" must be KEY=VALUE, e.g. ${option} ${example}`);
  const key = arg.slice(0, at);
  checkKey(key, option);
  return [key, arg.slice(at + 1)];
}

/**
 * Fixed parameters (`--param KEY=VALUE`): VALUE is JSON, or else the plain string, exactly as `explr run --param`
 * reads it; KEY may be dotted for a training config.
 */
export function parseFixedArgs(args: readonly string[]): Record<string, ParameterValue> {
  const fixed: Record<string, ParameterValue> = {};
  for (const arg of args) {
    const [key, text] = splitAssignment(arg, "--param", "epochs=3");
    fixed[key] = parseParameterArgs([`value=${text}`]).value;
  }
  return fixed;
}

/** One `--grid KEY=[v1,v2,...]`: a JSON array of at least one value. */
export function parseGridArg(arg: string): GridAxis {
  const [key, text] = splitAssignment(arg, "--grid", "'lr=[0.05,0.1]'");
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values)) {
    throw new TypeError(
      `--grid ${key}: the values must be a JSON array, e.g. --grid '${key}=[0.05,0.1]' (got ${text || "nothing"}); ` +
        "quote the argument so the shell keeps the brackets",
    );
  }
  if (values.length === 0) {
    throw new RangeError(`--grid ${key}=[]: an empty list gives no runs; give at least one value`);
  }
  return { key, values: values as ParameterValue[] };
}

/** `--seeds`: `A..B` (inclusive) or a comma-separated list of integers. */
export function parseSeeds(text: string): number[] {
  const range = /^(-?\d+)\.\.(-?\d+)$/.exec(text);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to < from) throw new RangeError(`--seeds ${text}: the range is empty; write FROM..TO with FROM ≤ TO`);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  if (/^-?\d+(,-?\d+)*$/.test(text)) return text.split(",").map(Number);
  throw new TypeError(`--seeds "${text}" must be a range like 0..4 or a list like 0,1,2`);
}

/** The axes in the order given, refusing a key given twice. */
export function checkAxes(axes: readonly GridAxis[]): void {
  const seen = new Set<string>();
  for (const { key } of axes) {
    if (seen.has(key))
      throw new RangeError(`--grid ${key} is given twice: give each key once, with all its values`);
    seen.add(key);
  }
}

/**
 * The product of the axes, the last varying fastest: `[{lr: 0.1, seed: 0}, {lr: 0.1, seed: 1}, ...]`. No axis gives
 * one run with no grid parameters.
 */
export function gridProduct(axes: readonly GridAxis[]): Parameters[] {
  checkAxes(axes);
  return axes.reduce<Parameters[]>(
    (runs, axis) => runs.flatMap((run) => axis.values.map((value) => ({ ...run, [axis.key]: value }))),
    [{}],
  );
}
