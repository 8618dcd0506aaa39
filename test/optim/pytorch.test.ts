import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { SgdGroupOptions } from "../../src/optim/config.js";
import { sgd } from "../../src/optim/sgd.js";
import type { MomentumConvention } from "../../src/optim/update.js";
import { multiStep } from "../../src/schedule/basic.js";

// Written by scripts/pytorch/make_fixtures.py (npm run fixtures:pytorch) with real torch.optim.SGD in float64.
interface TorchGroup {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weight_decay?: number;
}
interface Case {
  groups: TorchGroup[];
  scheduler: { MultiStepLR: { milestones: number[]; gamma: number } } | null;
  params0: number[][];
  grads: number[][][];
  lrs: number[][];
  trajectory: number[][][];
}
const fixture: { steps: number; cases: Record<string, Case> } = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/pytorch/sgd.json", import.meta.url), "utf8"),
);

function explrGroup(group: TorchGroup, c: Case): Partial<SgdGroupOptions> {
  const milestones = c.scheduler?.MultiStepLR;
  return {
    lr: milestones
      ? multiStep({ init: group.lr, boundaries: milestones.milestones, factor: milestones.gamma })
      : group.lr,
    momentum: group.momentum ?? 0,
    dampening: group.dampening ?? 0,
    nesterov: group.nesterov ?? false,
    weightDecay: group.weight_decay ?? 0,
  };
}

/** Largest |explr − torch| over the trajectory, relative to the largest |w| of the tensor at that step. */
function trajectoryError(c: Case, convention: MomentumConvention): number {
  const opt = sgd({ convention, groups: c.groups.map((g) => explrGroup(g, c)) });
  let params = c.params0.map((p) => [Float64Array.from(p)]);
  let state = opt.init(params);
  let worst = 0;
  c.grads.forEach((grads, k) => {
    ({ params, state } = opt.step(
      params,
      grads.map((g) => [Float64Array.from(g)]),
      state,
    ));
    c.trajectory[k].forEach((expected, t) => {
      const scale = Math.max(...expected.map(Math.abs));
      expected.forEach((x, i) => {
        worst = Math.max(worst, Math.abs(params[t][0][i] - x) / scale);
      });
    });
  });
  return worst;
}

describe("sgd matches torch.optim.SGD (float64)", () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    it(`${name}: ${c.grads.length} steps within 1e-12 relative`, () => {
      assert.equal(c.grads.length, fixture.steps);
      const error = trajectoryError(c, "pytorch");
      assert.ok(error <= 1e-12, `relative error ${error}`);
    });
  }

  it("the LRs the explr schedule gives are the ones torch used", () => {
    for (const c of Object.values(fixture.cases)) {
      c.groups.forEach((g, gi) => {
        const lr = explrGroup(g, c).lr;
        c.lrs.forEach((lrs, k) => {
          const value = typeof lr === "number" ? lr : lr?.(k);
          assert.ok(Math.abs((value as number) - lrs[gi]) <= 1e-15 * lrs[gi]);
        });
      });
    }
  });

  it("the classic convention matches while the LR is constant", () => {
    for (const name of ["momentum", "nesterov", "weight_decay", "two_groups"]) {
      assert.ok(trajectoryError(fixture.cases[name], "classic") <= 1e-12, name);
    }
  });

  it("the classic convention fails to match PyTorch once the LR changes", () => {
    for (const name of ["multistep_every_step", "multistep_decay"]) {
      const error = trajectoryError(fixture.cases[name], "classic");
      assert.ok(error > 1e-3, `${name}: classic differs from torch by only ${error}`);
    }
  });
});
