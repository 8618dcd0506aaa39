import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sgdConfigFromJSON, sgdConfigToJSON } from "../../src/optim/config-json.js";
import { sgd } from "../../src/optim/sgd.js";
import { cosine, multiStep } from "../../src/schedule/index.js";

describe("SGD configuration as JSON", () => {
  it("round-trips schedules, numbers and groups, and the rebuilt optimizer takes the same steps", () => {
    const config = {
      lr: multiStep({ init: 0.1, boundaries: [3], factor: 0.1 }),
      momentum: 0.9,
      convention: "pytorch" as const,
      groups: [{ weightDecay: cosine({ init: 5e-4, steps: 10 }) }, { frozen: true }],
    };
    const text = JSON.stringify(sgdConfigToJSON(config));
    const rebuilt = sgdConfigFromJSON(text);
    assert.deepEqual(JSON.parse(JSON.stringify(sgdConfigToJSON(rebuilt))), JSON.parse(text));
    const run = (c: typeof rebuilt) => {
      const opt = sgd(c);
      let params = [[Float64Array.from([1, 2])], [Float64Array.from([3])]];
      let state = opt.init(params);
      for (let k = 0; k < 6; k++) {
        ({ params, state } = opt.step(
          params,
          [[Float64Array.from([k, 1])], [Float64Array.from([1])]],
          state,
        ));
      }
      return params.flat().map((p) => [...p]);
    };
    assert.deepEqual(run(rebuilt), run(config));
  });

  it("refuses a momentum correction, which JSON cannot hold", () => {
    assert.throws(
      () => sgdConfigToJSON({ lr: 0.1, groups: [{ momentum: 0.9, momentumCorrection: () => 0 }] }),
      /group 0 has a momentumCorrection function/,
    );
  });

  it("refuses what is not a configuration", () => {
    assert.throws(() => sgdConfigFromJSON("3"), /expected an object/);
    assert.throws(() => sgdConfigFromJSON({ lr: 0.1, groups: 2 }), /groups must be an array/);
    assert.throws(() => sgdConfigFromJSON({ lr: { kind: "nope" } }), /unknown kind "nope"/);
  });
});
