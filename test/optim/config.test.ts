import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { momentumCorrectionAt, resolveGroups, type SgdConfig, stepConfig } from "../../src/optim/config.js";
import { constant } from "../../src/schedule/basic.js";

describe("resolveGroups", () => {
  it("fills the defaults: no momentum, no WD, coupled, PyTorch convention", () => {
    const [group] = resolveGroups({ lr: 0.1 });
    assert.deepEqual(stepConfig(group, 0), {
      lr: 0.1,
      weightDecay: 0,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      convention: "pytorch",
      decoupledWeightDecay: false,
    });
    assert.equal(group.frozen, false);
    assert.equal(momentumCorrectionAt(group, 0), 0);
  });

  it("takes the LR from the groups when the top level has none", () => {
    const groups = resolveGroups({ groups: [{ lr: 0.1 }, { lr: 0.2 }] });
    assert.deepEqual(
      groups.map((g) => stepConfig(g, 0).lr),
      [0.1, 0.2],
    );
  });

  it("lets groups override the defaults", () => {
    const groups = resolveGroups({
      lr: 0.1,
      momentum: 0.9,
      groups: [{ weightDecay: 5e-4 }, { lr: constant(0.2) }],
    });
    assert.equal(stepConfig(groups[0], 3).weightDecay, 5e-4);
    assert.equal(stepConfig(groups[1], 3).lr, 0.2);
    assert.equal(stepConfig(groups[1], 3).momentum, 0.9);
  });

  const refused: [string, SgdConfig, RegExp][] = [
    ["a negative LR", { lr: -0.1 }, /lr must be a finite number ≥ 0, got -0.1/],
    ["a NaN LR", { lr: Number.NaN }, /lr must be a finite number ≥ 0, got NaN/],
    [
      "an LR that is a string",
      { lr: "0.1" as never },
      /lr must be a number or a schedule, got the string "0.1" \(write numbers without quotes\)/,
    ],
    [
      "a negative WD",
      { lr: 0.1, weightDecay: -1e-4 },
      /weightDecay must be a finite number ≥ 0, got -0.0001/,
    ],
    ["an infinite WD", { lr: 0.1, weightDecay: Infinity }, /weightDecay must be a finite number ≥ 0/],
    ["momentum 1", { lr: 0.1, momentum: 1 }, /momentum must be in \[0, 1\), got 1/],
    ["a negative momentum", { lr: 0.1, momentum: -0.5 }, /momentum must be in \[0, 1\), got -0.5/],
    [
      "momentum that is a string",
      { lr: 0.1, momentum: "0.9" as never },
      /momentum must be in \[0, 1\), got the string "0.9" \(write numbers without quotes\)/,
    ],
    ["dampening above 1", { lr: 0.1, momentum: 0.9, dampening: 2 }, /dampening must be in \[0, 1\], got 2/],
    ["Nesterov without momentum", { lr: 0.1, nesterov: true }, /Nesterov momentum requires momentum > 0/],
    [
      "Nesterov with dampening",
      { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true },
      /requires momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1/,
    ],
    [
      "dampening in the classic convention",
      { lr: 0.1, momentum: 0.9, dampening: 0.5, convention: "classic" },
      /not defined in the classic convention/,
    ],
    [
      "an unknown convention",
      { lr: 0.1, convention: "keras" as never },
      /convention must be "pytorch" or "classic"/,
    ],
    [
      "a missing LR",
      { momentum: 0.9 },
      /optim.sgd: lr is missing; give it at the top level or in every group/,
    ],
    ["a group without LR", { groups: [{ lr: 0.1 }, {}] }, /group 1: lr is missing/],
    ["an empty group list", { lr: 0.1, groups: [] }, /groups must be a non-empty array/],
    ["a bad group", { lr: 0.1, groups: [{}, { momentum: 2 }] }, /group 1: momentum must be in \[0, 1\)/],
  ];
  for (const [what, config, message] of refused) {
    it(`refuses ${what}`, () => assert.throws(() => resolveGroups(config), message));
  }
});
