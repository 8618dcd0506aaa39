import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { read } from "../../../src/backend/read.js";
import { ready } from "../../../src/backend/select.js";
import { emptyGpuCache } from "../../../src/backend/webgpu/buffer-pool.js";
import { GpuError } from "../../../src/backend/webgpu/device-errors.js";
import { endOfStep } from "../../../src/backend/webgpu/step-boundary.js";

/** tfjs-backend-webgpu's count of bytes in buffers it holds, used or kept for reuse. */
const gpuMemory = () =>
  tf.memory() as tf.MemoryInfo & { numBytesInGPU: number; numBytesAllocatedInGPU: number };
const allocated = () => gpuMemory().numBytesAllocatedInGPU;
const used = () => gpuMemory().numBytesInGPU;
const mib = 2 ** 20;

// Dawn's null adapter executes nothing and allows 512 MiB of buffers in all: memory runs out at a known size.
describe("GPU memory on Dawn's null adapter", () => {
  before(async () => {
    await ready({ backend: "webgpu", webgpuAdapter: "null", log: () => {} });
  });

  it("emptyGpuCache gives back the buffers tfjs keeps for reuse, and only those", async () => {
    const kept = tf.fill([mib / 4], 1);
    for (const megabytes of [8, 16, 32])
      tf.fill([(megabytes * mib) / 4], 2)
        .add(kept.sum())
        .dispose();
    endOfStep();
    assert.ok(
      allocated() >= used() + 56 * mib,
      `released buffers are kept: ${allocated()} vs ${used()} used`,
    );
    const freed = emptyGpuCache();
    assert.ok(freed >= 56 * mib, `freed ${freed}`);
    assert.equal(allocated(), used(), "what is left is what tensors hold");
    assert.equal(emptyGpuCache(), 0, "nothing more to free");
    assert.equal(kept.isDisposed, false);
    await read(kept.add(1)); // the kept tensor's buffer still works
    kept.dispose();
  });

  it("lets sizes that add up past the device's memory run one after another once emptied", async () => {
    // Each under the 128 MiB a binding may have; together 570 MiB.
    for (const megabytes of [100, 110, 115, 120, 125]) {
      const t = tf.fill([(megabytes * mib) / 4], 1);
      await read(t.sum());
      t.dispose();
      emptyGpuCache();
    }
    assert.ok(allocated() < 100 * mib);
  });

  it("a read after the GPU ran out of memory throws the cause, once; a smaller size then runs", async () => {
    const held = Array.from({ length: 6 }, () => tf.fill([(100 * mib) / 4], 1));
    await assert.rejects(read(tf.addN(held.slice(0, 2)).sum()), (error: unknown) => {
      assert.ok(error instanceof GpuError);
      assert.equal(error.kind, "out-of-memory");
      assert.match(error.message, /ran out of memory.*smaller batch size/);
      return true;
    });
    tf.dispose(held);
    emptyGpuCache();
    const small = tf.fill([1024], 1);
    await read(small.sum()); // does not throw: the error was reported once
    small.dispose();
  });
});
