/**
 * What a sweep runs, checked before any run starts: every grid and fixed key must be a parameter of the notebook
 * (declared in its cell tagged "parameters") or a field of the training config, and every value must have the
 * parameter's type, so a typo fails at once instead of in every run.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { hasTag, type ParameterValue, parameterDeclarations } from "../../runner/parameters.js";
import { paramKinds } from "../nn/params.js";
import { joinText, parseNotebook } from "../report/nbformat.js";
import { checkExperiment, type Experiment, optimizerConfig } from "../train/experiment.js";
import type { GridAxis, Parameters } from "./grid.js";
import { gridProduct } from "./grid.js";
import type { SweepTarget } from "./manifest.js";

/** The JSON kind of a value, as errors name it. */
function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** The kinds a TypeScript annotation admits, for the annotations a parameter commonly has; undefined: not checked. */
function admittedKinds(annotation: string): string[] | undefined {
  const type = annotation.replace(/\s+/g, "").replace(/^readonly/, "");
  if (type === "number" || type === "string" || type === "boolean") return [type];
  if (/^(number|string|boolean)\[\]$/.test(type) || /^(Readonly)?Array<.*>$/.test(type)) return ["array"];
  if (/^("[^"]*"|'[^']*')(\|("[^"]*"|'[^']*'))*$/.test(type)) return ["string"];
  return undefined;
}

/** Checks a notebook sweep's keys and value types against the notebook's parameters cell. */
export async function notebookTarget(
  notebookPath: string,
  fixed: Parameters,
  grid: readonly GridAxis[],
): Promise<SweepTarget> {
  const notebook = parseNotebook(await readFile(notebookPath, "utf8"));
  const cell = notebook.cells.find((c) => hasTag(c, "parameters"));
  const keys = [...Object.keys(fixed), ...grid.map((axis) => axis.key)];
  if (cell === undefined) {
    if (keys.length === 0) return { kind: "notebook", notebook: path.resolve(notebookPath) };
    throw new RangeError(
      `${notebookPath} has no cell tagged "parameters", so it takes no parameters (${keys.join(", ")}): ` +
        'tag the cell declaring its defaults (cell metadata: {"tags": ["parameters"]})',
    );
  }
  const declarations = await parameterDeclarations(joinText(cell.source));
  const byName = new Map(declarations.map((d) => [d.name, d]));
  const values: [string, ParameterValue][] = [
    ...Object.entries(fixed),
    ...grid.flatMap((axis) => axis.values.map((value): [string, ParameterValue] => [axis.key, value])),
  ];
  for (const [key, value] of values) {
    const declaration = byName.get(key);
    if (declaration === undefined) {
      throw new RangeError(
        `${key} is not a parameter of ${notebookPath} (its cell tagged "parameters" declares: ` +
          `${declarations.map((d) => d.name).join(", ") || "nothing"}); fix the name`,
      );
    }
    const kinds = declaration.type === undefined ? undefined : admittedKinds(declaration.type);
    if (kinds !== undefined && !kinds.includes(jsonKind(value))) {
      throw new TypeError(
        `${key} = ${JSON.stringify(value)} is a ${jsonKind(value)}, but ${notebookPath} declares ` +
          `${key}: ${declaration.type}; give a value of that type`,
      );
    }
  }
  return { kind: "notebook", notebook: path.resolve(notebookPath) };
}

/** A copy of `object` with the dotted `key` set to `value`. */
export function withField(object: unknown, key: string, value: ParameterValue): unknown {
  const [head, ...rest] = key.split(".");
  const base = (object ?? {}) as Record<string, unknown>;
  return { ...base, [head]: rest.length === 0 ? value : withField(base[head], rest.join("."), value) };
}

/**
 * Checks that the config has the dotted `key` (or at least the object holding its last field, which the experiment
 * check then judges) and that `value` has the kind of the value it replaces.
 */
function checkConfigKey(config: unknown, key: string, value: ParameterValue, configPath: string): void {
  const parts = key.split(".");
  let at: unknown = config;
  for (const [i, part] of parts.entries()) {
    const holder = at as Record<string, unknown>;
    const last = i === parts.length - 1;
    if (!Object.hasOwn(holder, part)) {
      if (last) return;
      throw new RangeError(
        `${key}: ${configPath} has no field ${parts.slice(0, i + 1).join(".")} ` +
          `(${parts.slice(0, i).join(".") || "the experiment"} has: ${Object.keys(holder).join(", ")}); fix the name`,
      );
    }
    at = holder[part];
    if (!last && (at === null || typeof at !== "object" || Array.isArray(at))) {
      throw new RangeError(
        `${key}: ${parts.slice(0, i + 1).join(".")} in ${configPath} is ${JSON.stringify(at)}, not an object with fields`,
      );
    }
  }
  if (jsonKind(at) !== jsonKind(value)) {
    throw new TypeError(
      `${key} = ${JSON.stringify(value)} is a ${jsonKind(value)}, but ${configPath} has ${key} = ` +
        `${JSON.stringify(at)} (a ${jsonKind(at)}); give a value of that type`,
    );
  }
}

/** The experiment one run trains: the config with the fixed and the run's grid values set. */
export function runExperiment(base: Experiment, parameters: Parameters): Experiment {
  let experiment: unknown = base;
  for (const [key, value] of Object.entries(parameters)) experiment = withField(experiment, key, value);
  return experiment as Experiment;
}

/** Checks a training sweep: each key and value against the config, then every run's experiment as a whole. */
export async function trainTarget(
  configPath: string,
  fixed: Parameters,
  grid: readonly GridAxis[],
): Promise<SweepTarget> {
  const text = await readFile(configPath, "utf8");
  let experiment: Experiment;
  try {
    experiment = JSON.parse(text) as Experiment;
  } catch (error) {
    throw new TypeError(`${configPath} is not JSON: ${(error as Error).message}`);
  }
  checkExperiment(experiment);
  for (const [key, value] of Object.entries(fixed)) checkConfigKey(experiment, key, value, configPath);
  for (const axis of grid)
    for (const value of axis.values) checkConfigKey(experiment, axis.key, value, configPath);
  for (const parameters of gridProduct(grid)) {
    const run = runExperiment(experiment, { ...fixed, ...parameters });
    try {
      checkExperiment(run);
      optimizerConfig(run.optimizer, paramKinds);
    } catch (error) {
      throw new RangeError(`the run ${JSON.stringify(parameters)}: ${(error as Error).message}`);
    }
  }
  return { kind: "train", config: path.resolve(configPath), experiment };
}
