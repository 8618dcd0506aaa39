import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyHistory, HISTORY_FORMAT, HISTORY_VERSION } from "../../src/train/history.js";
import { tinyExperiment } from "./fixture.js";

test("an empty history is versioned plain JSON naming its experiment and groups", () => {
  const history = emptyHistory(tinyExperiment(), ["scale-invariant", "bias"], 3);
  assert.equal(history.format, HISTORY_FORMAT);
  assert.equal(history.version, HISTORY_VERSION);
  assert.deepEqual(history.groups, ["scale-invariant", "bias"]);
  assert.equal(history.stepsPerEpoch, 3);
  assert.deepEqual(JSON.parse(JSON.stringify(history)), history);
});
