import assert from "node:assert/strict";
import { test } from "node:test";
import { NameColors } from "../../src/plot/name-colors.js";
import { themeColorway } from "../../src/plot/theme.js";

test("a name keeps its color from figure to figure, whatever its place in the legend", () => {
  const colors = new NameColors();
  const [wd, bn, both] = colors.colors(["WD only", "BN only", "BN + WD"]);
  assert.equal(new Set([wd, bn, both]).size, 3);
  assert.deepEqual(colors.colors(["BN only", "BN + WD"]), [bn, both], "the same runs, fewer of them");
  assert.deepEqual(colors.colors(["BN + WD", "BN only", "WD only"]), [both, bn, wd], "another order");
  const [fresh] = colors.colors(["BN + WD + momentum"]);
  assert.ok(![wd, bn, both].includes(fresh), "a new name takes a color no name owns");
});

test("one figure never draws two of its series in one color, even past the palette's length", () => {
  const colors = new NameColors();
  const many = themeColorway.map((_, i) => `run ${i}`);
  colors.colors(many);
  const mixed = colors.colors(["run 0", "another", "run 1"]);
  assert.equal(new Set(mixed).size, 3);
  assert.equal(mixed[0], themeColorway[0]);
  assert.equal(new Set(colors.colors(["run 0", "run 0"])).size, 2, "a name twice in one figure: two colors");
});
