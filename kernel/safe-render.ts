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

/**
 * A value's rendering without the V8 stacks of the errors inside it (its frames and the source line V8 puts above a
 * stack), which would show the kernel's own files: Node's rendering of a Proxy around an error, or of an object
 * holding one, is the error's whole stack.
 */
function withoutStackFrames(rendered: string): string {
  return rendered
    .replace(/^[^\n]*:\d+\n[^\n]*\n *\^+\n\n/gm, "")
    .replace(/\n *at [^\n]*/g, "")
    .replace(/\n *\.\.\. \d+ lines matching cause stack trace \.\.\./g, "");
}

/** `value[key]`, or undefined when it cannot be read (a getter or a Proxy trap that throws). */
export function readSafely(value: unknown, key: string): unknown {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  const read = attempt(() => (value as Record<string, unknown>)[key]);
  return read === unreadable ? undefined : read;
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
  const isObject = typeof thrown === "object" && thrown !== null;
  const errorLike =
    attempt(() => thrown instanceof Error || (isObject && "stack" in thrown)) === true ||
    // a Proxy whose `has` or `getPrototypeOf` trap throws, around an error it lets be read
    (isObject && typeof attempt(() => (thrown as { stack?: unknown }).stack) === "string");
  if (!errorLike) {
    const evalue = typeof thrown === "string" ? thrown : withoutStackFrames(describeValue(thrown));
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
