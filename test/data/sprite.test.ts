import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeRecords } from "../../src/data/format.js";
import { spriteToRecords } from "../../src/data/sprite.js";
import { randomSet, spritePng } from "./fixture.js";

describe("spriteToRecords", () => {
  it("reads one image per row, pixels row-major, into binary records with the given labels", () => {
    const set = randomSet(4, 11);
    assert.deepEqual(spriteToRecords(spritePng(set), set.labels), encodeRecords(set));
  });

  it("rejects a sprite whose rows do not match the labels", () => {
    const png = spritePng(randomSet(4, 1));
    assert.throws(() => spriteToRecords(png, [1, 2, 3], "b.png"), /b\.png has 4 rows but 3 labels/);
  });

  it("rejects a sprite that is not 1024 pixels wide", async () => {
    const { PNG } = await import("pngjs");
    const narrow = PNG.sync.write(new PNG({ width: 32, height: 2 }));
    assert.throws(() => spriteToRecords(narrow, [0, 1]), /32 pixels wide, expected 1024/);
  });
});
