import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CIFAR10_STATS, channelStats, normalize } from "../../src/data/stats.js";

describe("channelStats", () => {
  it("computes per-channel mean and population std on the [0, 1] scale", () => {
    // Two pixels: R 0 and 255, G 51 both times, B 0 and 102.
    const stats = channelStats(Uint8Array.of(0, 51, 0, 255, 51, 102));
    assert.deepEqual(stats.mean, [0.5, 0.2, 0.2]);
    assert.ok(Math.abs(stats.std[0] - 0.5) < 1e-12);
    assert.equal(stats.std[1], 0);
    assert.ok(Math.abs(stats.std[2] - 0.2) < 1e-12);
  });
});

describe("normalize", () => {
  it("maps byte b of channel c to (b/255 − mean[c]) / std[c]", () => {
    const out = normalize(Uint8Array.of(0, 255, 128), CIFAR10_STATS);
    assert.ok(Math.abs(out[0] - -0.4914 / 0.247) < 1e-5);
    assert.ok(Math.abs(out[1] - (1 - 0.4822) / 0.2435) < 1e-5);
    assert.ok(Math.abs(out[2] - (128 / 255 - 0.4465) / 0.2616) < 1e-5);
  });

  it("makes data with its own statistics zero-mean, unit-std", () => {
    const images = Uint8Array.from({ length: 3000 }, (_, i) => (i * 37) % 256);
    const out = normalize(images, channelStats(images));
    for (let c = 0; c < 3; c++) {
      const xs = out.filter((_, i) => i % 3 === c);
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
      assert.ok(Math.abs(mean) < 1e-5 && Math.abs(variance - 1) < 1e-4);
    }
  });

  it("writes into a given buffer and rejects one of the wrong length", () => {
    const out = new Float32Array(3);
    assert.equal(normalize(Uint8Array.of(1, 2, 3), CIFAR10_STATS, out), out);
    assert.throws(() => normalize(Uint8Array.of(1, 2, 3), CIFAR10_STATS, new Float32Array(6)), /6 elements/);
  });
});
