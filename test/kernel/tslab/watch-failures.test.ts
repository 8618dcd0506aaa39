import assert from "node:assert/strict";
import { test } from "node:test";
import type ts from "typescript";
import { WatchFailures } from "../../../kernel/tslab/watch-failures.js";

/** A one-slot timer like tslab's: a second setTimeout while one is pending throws. */
function oneSlotSystem() {
  let pending: { run: () => void } | undefined;
  const system = {
    setTimeout(callback: () => void) {
      if (pending) throw new Error("Unexpected pending rebuildTimer");
      const timer = {
        run: () => {
          callback();
          pending = undefined;
        },
      };
      pending = timer;
      return timer;
    },
    clearTimeout(timer: unknown) {
      if (timer === pending) pending = undefined;
    },
  } as unknown as ts.System;
  return { system, fire: () => pending?.run() };
}

const builder = (name: string) => ({ name }) as unknown as ts.BuilderProgram;

test("a program factory that throws hands back the old program; the rebuild rethrows and frees the timer", () => {
  const failures = new WatchFailures();
  const { system, fire } = oneSlotSystem();
  const watched = failures.system(system);
  let fail = true;
  const create = failures.programFactory(() => {
    if (fail) throw new RangeError("Maximum call stack size exceeded");
    return builder("new");
  });
  let made: ts.BuilderProgram | undefined;
  // as TypeScript's watch does: the rebuild makes a program from the old one, then finishes its bookkeeping
  const rebuild = () => {
    made = create(["cell.ts"], {}, undefined, builder("old"));
  };
  watched.setTimeout?.(rebuild, 250);
  assert.throws(fire, /Maximum call stack size exceeded/);
  assert.deepEqual(made, builder("old"), "the watch kept its previous program");
  fail = false;
  watched.setTimeout?.(rebuild, 250); // the slot is free again
  fire();
  assert.deepEqual(made, builder("new"));
});

test("a rebuild that throws by itself frees the timer too; the first program's failure is thrown as is", () => {
  const failures = new WatchFailures();
  const { system, fire } = oneSlotSystem();
  const watched = failures.system(system);
  watched.setTimeout?.(() => {
    throw new Error("checker broke");
  }, 250);
  assert.throws(fire, /checker broke/);
  watched.setTimeout?.(() => {}, 250);
  fire();
  const create = failures.programFactory(() => {
    throw new Error("no first program");
  });
  assert.throws(() => create(["cell.ts"], {}, undefined, undefined), /no first program/);
});
