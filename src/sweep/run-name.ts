/**
 * A run's name: readable and stable, made from its grid parameters alone (`lr=0.1,seed=2`), so the same
 * parameters get the same folder in every sweep. Where the readable form loses something (characters a file name
 * cannot hold, or a long value), a short hash of the parameters keeps names of different runs apart.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";
import type { Parameters } from "./grid.js";

const MAX_READABLE = 80;

function valueText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** E.g. `{ "optimizer.lr.init": 0.1, seed: 2 }` → `optimizer.lr.init=0.1,seed=2`; no parameters → `run`. */
export function runName(parameters: Parameters): string {
  const entries = Object.entries(parameters);
  if (entries.length === 0) return "run";
  const readable = entries.map(([key, value]) => `${key}=${valueText(value)}`).join(",");
  const safe = readable.replace(/[^A-Za-z0-9._=,+-]/g, "_");
  if (safe === readable && readable.length <= MAX_READABLE && !readable.startsWith(".")) return readable;
  const hash = createHash("sha256").update(canonicalJson(parameters)).digest("hex").slice(0, 8);
  return `${safe.slice(0, MAX_READABLE).replace(/^\./, "_")}-${hash}`;
}
