/**
 * A run's name: readable and stable, made from its grid parameters alone (`lr=0.1,seed=2`, `seeds=0,1`), so the same
 * parameters get the same folder in every sweep. An array of plain values reads as its items joined by commas. Where
 * the readable form loses something (characters a file name cannot hold, a string that reads as a number, nested
 * values, a long name), a short hash of the parameters keeps the names of different runs apart.
 */
import { createHash } from "node:crypto";
import type { ParameterValue } from "../../runner/parameters.js";
import { canonicalJson } from "./canonical-json.js";
import type { Parameters } from "./grid.js";

const MAX_READABLE = 80;
/** Characters every file system and shell takes in a name as they are (no `,` or `=`: they separate the parts). */
const plainText = /^[A-Za-z0-9._+-]+$/;

/** Whether a string reads back as itself, not as a number, boolean or null (`"0"` would read as 0). */
function plainString(text: string): boolean {
  if (!plainText.test(text)) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/** A scalar's text when it reads back unambiguously, else undefined. */
function scalarText(value: ParameterValue): string | undefined {
  if (typeof value === "string") return plainString(value) ? value : undefined;
  if (value === null || typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  return undefined;
}

/** `[0, 1]` → `0,1`; a scalar → its text; undefined where the text would be ambiguous (nested, odd strings). */
function readableValue(value: ParameterValue): string | undefined {
  if (!Array.isArray(value)) return scalarText(value);
  if (value.length === 0) return undefined;
  const items = value.map(scalarText);
  return items.every((item) => item !== undefined) ? items.join(",") : undefined;
}

/** The first 8 hex digits of the parameters' SHA-256: the same parameters, the same hash. */
function parametersHash(parameters: Parameters): string {
  return createHash("sha256").update(canonicalJson(parameters)).digest("hex").slice(0, 8);
}

/** A name every file system and shell takes as it is (no `$`, no leading `.` or `-`). */
const plainName = /^[A-Za-z0-9_][A-Za-z0-9._,=+-]*$/;

/** `key=value,...`, and whether it reads back as exactly these parameters within the length bound. */
function readableName(parameters: Parameters): { text: string; lossless: boolean } {
  let lossless = true;
  const parts = Object.entries(parameters).map(([key, value]) => {
    const readable = readableValue(value);
    if (readable === undefined) lossless = false;
    return `${key}=${readable ?? (typeof value === "string" ? value : JSON.stringify(value))}`;
  });
  const text = parts.join(",");
  return { text, lossless: lossless && plainName.test(text) && text.length <= MAX_READABLE };
}

/**
 * E.g. `{ "optimizer.lr.init": 0.1, seed: 2 }` → `optimizer.lr.init=0.1,seed=2`; `{ seeds: [0, 1] }` → `seeds=0,1`;
 * no parameters → `run`. `hashed` appends the hash even to a lossless name: for runs whose readable names coincide
 * (a value `[0]` and a value `0`), see `runsOf`.
 */
export function runName(parameters: Parameters, options: { hashed?: boolean } = {}): string {
  if (Object.keys(parameters).length === 0) return "run";
  const { text, lossless } = readableName(parameters);
  if (lossless && !options.hashed) return text;
  const safe = text.replace(/[^A-Za-z0-9._,=+-]+/g, "_").replace(/^[.-]/, "_");
  return `${safe.slice(0, MAX_READABLE)}-${parametersHash(parameters)}`;
}
