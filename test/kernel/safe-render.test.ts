/** What a cell throws or returns, rendered without throwing (and errorOutcome, which is built on it). */
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect, stripVTControlCharacters } from "node:util";
import { errorOutcome } from "../../kernel/engine.js";
import { describeThrown, describeValue, renderBundle } from "../../kernel/safe-render.js";

const displaySymbol = Symbol.for("Jupyter.display");
const circular = (): object => {
  const node: Record<string, unknown> = { name: "loop" };
  node.self = node;
  return node;
};
const hostileProxy = () =>
  new Proxy(
    { target: 1 },
    {
      get: () => {
        throw new Error("get trap");
      },
      has: () => {
        throw new Error("has trap");
      },
      getPrototypeOf: () => {
        throw new Error("getPrototypeOf trap");
      },
    },
  );
const errorWith = (property: "stack" | "message" | "name") => {
  const error = new RangeError("visible");
  Object.defineProperty(error, property, {
    get() {
      throw new Error(`${property} getter`);
    },
  });
  return error;
};

test("a thrown BigInt, circular object or Proxy is an 'Uncaught' error printed as Node prints it", () => {
  const bigint = errorOutcome(10n);
  assert.deepEqual(
    { ...bigint, traceback: bigint.traceback.map(stripVTControlCharacters) },
    { status: "error", ename: "Uncaught", evalue: "10n", traceback: ["Uncaught: 10n"] },
  );
  const loop = errorOutcome(circular());
  assert.equal(loop.evalue, "<ref *1> { name: 'loop', self: [Circular *1] }");
  assert.equal(errorOutcome(hostileProxy()).evalue, "{ target: 1 }");
  assert.equal(errorOutcome("plain text").evalue, "plain text");
  assert.equal(errorOutcome(undefined).evalue, "undefined");
});

test("an Error whose stack, message or name getter throws still gives ename and evalue", () => {
  const noStack = errorOutcome(errorWith("stack"));
  assert.deepEqual(
    [noStack.ename, noStack.evalue, noStack.traceback.map(stripVTControlCharacters)],
    ["RangeError", "visible", ["RangeError: visible"]],
  );
  const noMessage = errorOutcome(errorWith("message"));
  assert.equal(noMessage.ename, "RangeError");
  assert.equal(noMessage.evalue, "(the error's message could not be read)");
  assert.equal(errorOutcome(errorWith("name")).ename, "RangeError", "the constructor's name instead");
  const odd = Object.assign(new Error("x"), {
    name: {
      toString: () => {
        throw new Error("no");
      },
    },
  });
  assert.equal(errorOutcome(odd).ename, "Error");
});

test("describeValue falls back from a throwing inspect.custom, and never throws", () => {
  const custom = {
    answer: 42,
    [inspect.custom]() {
      throw new Error("custom inspect");
    },
  };
  assert.match(describeValue(custom), /answer: 42/);
  assert.equal(typeof describeValue(errorWith("stack")), "string");
  assert.equal(describeValue(10n), "10n");
});

test("describeThrown keeps an ordinary error's stack", () => {
  const described = describeThrown(new TypeError("bad"));
  assert.equal(described.ename, "TypeError");
  assert.match(described.stack, /^TypeError: bad\n\s+at /);
});

test("renderBundle: a value's bundle, or the error its display, its inspect.custom or JSON raised", () => {
  assert.deepEqual(renderBundle(circular()), {
    bundle: { data: { "text/plain": "<ref *1> { name: 'loop', self: [Circular *1] }" }, metadata: {} },
  });
  const failingDisplay = {
    [displaySymbol]() {
      throw new Error("display broke");
    },
  };
  const failingInspect = {
    [inspect.custom]() {
      throw new Error("inspect broke");
    },
  };
  const unserializable = { [displaySymbol]: () => ({ "application/json": { big: 1n } }) };
  const messageOf = (value: unknown) => {
    const rendered = renderBundle(value);
    assert.ok("error" in rendered, "an error, not a bundle");
    return (rendered.error as Error).message;
  };
  assert.equal(messageOf(failingDisplay), "display broke");
  assert.equal(messageOf(failingInspect), "inspect broke");
  assert.match(messageOf(unserializable), /BigInt/);
});
