import assert from "node:assert/strict";
import { test } from "node:test";
import { fromCodePoints, toCodePoints } from "../../kernel/positions.js";

test("astral characters count once in code points and twice in UTF-16", () => {
  const text = "a😀b𝒳c";
  assert.equal(fromCodePoints(text, 2), 3);
  assert.equal(fromCodePoints(text, 4), 6);
  assert.equal(toCodePoints(text, 3), 2);
  assert.equal(toCodePoints(text, text.length), 5);
});

test("conversions round-trip and clamp past the end", () => {
  const text = "x = '日本語😀'";
  for (let points = 0; points <= [...text].length; points++) {
    assert.equal(toCodePoints(text, fromCodePoints(text, points)), points);
  }
  assert.equal(fromCodePoints(text, 1000), text.length);
});

test("plain ASCII positions are unchanged", () => {
  assert.equal(fromCodePoints("Math.max", 5), 5);
  assert.equal(toCodePoints("Math.max", 5), 5);
});
