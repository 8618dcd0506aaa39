import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float64Ops } from "../../src/optim/float64.js";
import { checkSameLayout, fromGroups, toGroups } from "../../src/optim/params.js";

const f = (...xs: number[]) => Float64Array.from(xs);

describe("parameter forms", () => {
  it("a flat list is one group, and goes back flat", () => {
    const groups = toGroups([f(1), f(2)], false, 1, "params");
    assert.equal(groups.length, 1);
    assert.equal(fromGroups(groups, false).length, 2);
  });

  it("nested lists are the groups, and go back nested", () => {
    const groups = toGroups([[f(1)], [f(2), f(3)]], true, 2, "params");
    assert.deepEqual(
      groups.map((g) => g.length),
      [1, 2],
    );
    assert.equal(fromGroups(groups, true), groups);
  });

  it("refuses the form the configuration does not expect", () => {
    assert.throws(() => toGroups([[f(1)]], false, 1, "params"), /nested but the configuration has no groups/);
    assert.throws(() => toGroups([f(1)], true, 1, "grads"), /grads must be 1 lists/);
    assert.throws(() => toGroups(f(1) as never, false, 1, "params"), /params must be an array/);
  });

  it("checkSameLayout names the first mismatch and lets nulls through", () => {
    checkSameLayout(float64Ops, [[f(1, 2)]], [[null]], "grads");
    assert.throws(
      () => checkSameLayout(float64Ops, [[f(1, 2)]], [[f(1)]], "grads"),
      /shape \[2\] but its grad/,
    );
    assert.throws(() => checkSameLayout(float64Ops, [[f(1)]], [[]], "grads"), /1 parameters but 0 grads/);
  });
});
