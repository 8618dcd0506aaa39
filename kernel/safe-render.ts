/**
 * Rendering what a cell throws or returns without ever throwing: errors whose `name`, `message` or `stack` getter
 * throws, Proxies whose traps throw, BigInts and circular objects (which JSON cannot write), display methods and
 * `inspect.custom` methods that fail. The kernel answers every request, so what cannot be rendered is described.
 */
import { type InspectOptions, inspect } from "node:util";
import type { DisplayData } from "../src/display.js";
import { bundleOf } from "./cell-outputs.js";

const unreadable = Symbol("unreadable");

/** `get()`, or `unreadable` when it throws (a getter, a Proxy trap). */
function attempt(get: () => unknown): unknown {
  try {
    return get();
  } catch {
    return unreadable;
  }
}

/** `String(value)` for a value that is there, else undefined (absent, unreadable, or a `toString` that throws). */
function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === unreadable) return undefined;
  const text = attempt(() => String(value));
  return typeof text === "string" ? text : undefined;
}

/**
 * A value as Node's REPL prints it (`10n`, `<ref *1> { self: [Circular *1] }`, a Proxy's target); a value whose
 * `inspect.custom` throws is shown without it. Never throws.
 */
export function describeValue(value: unknown, options: InspectOptions = {}): string {
  const shown = attempt(() => inspect(value, options));
  if (typeof shown === "string") return shown;
  const plain = attempt(() => inspect(value, { ...options, customInspect: false }));
  return typeof plain === "string" ? plain : `[${typeof value} that cannot be inspected]`;
}

export interface ThrownDescription {
  ename: string;
  evalue: string;
  /** The error's stack; `Name: message` when it has none that can be read; `Uncaught value` for a non-error. */
  stack: string;
}

/**
 * The name, message and stack of anything thrown. An `Error` (or an object with a `stack`) keeps its own; anything
 * else is named "Uncaught" with Node's rendering as the value, as Node prints it (`Uncaught 10n`).
 */
export function describeThrown(thrown: unknown): ThrownDescription {
  const errorLike = attempt(
    () => thrown instanceof Error || (typeof thrown === "object" && thrown !== null && "stack" in thrown),
  );
  if (errorLike !== true) {
    const evalue = typeof thrown === "string" ? thrown : describeValue(thrown);
    return { ename: "Uncaught", evalue, stack: `Uncaught ${evalue}` };
  }
  const error = thrown as Error;
  const message = attempt(() => error.message);
  const ename =
    textOf(attempt(() => error.name)) || textOf(attempt(() => error.constructor?.name)) || "Error";
  const evalue = message === unreadable ? "(the error's message could not be read)" : (textOf(message) ?? "");
  return { ename, evalue, stack: textOf(attempt(() => error.stack)) ?? `${ename}: ${evalue}` };
}

/**
 * The MIME bundle of a cell's value (see `bundleOf`), or the error raised while making it: a display method or an
 * `inspect.custom` that throws, a bundle that JSON cannot write (a BigInt or a cycle in its data).
 */
export function renderBundle(value: unknown): { bundle: DisplayData } | { error: unknown } {
  try {
    const bundle = bundleOf(value);
    JSON.stringify(bundle);
    return { bundle };
  } catch (error) {
    return { error };
  }
}
