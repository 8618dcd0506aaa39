import assert from "node:assert/strict";
import { once } from "node:events";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import type { FromWorker, ToWorker } from "../../src/parallel/protocol.js";

const workerFile = new URL("../../src/parallel/worker.js", import.meta.url);

async function ask(worker: Worker, message: ToWorker): Promise<FromWorker> {
  worker.postMessage(message);
  const [reply] = await once(worker, "message");
  return reply as FromWorker;
}

describe("parallel worker", () => {
  it("answers a step before init, and a bad config, with an error message instead of dying", async () => {
    const worker = new Worker(workerFile);
    try {
      const early = await ask(worker, {
        type: "step",
        params: [],
        buffers: [],
        images: new Float32Array(3),
        shape: [1, 1, 1, 3],
        labels: new Int32Array(1),
      });
      assert.deepEqual(early, { type: "error", message: "step before init" });
      const bad = await ask(worker, {
        type: "init",
        config: {
          arch: "vgg" as "smallcnn",
          norm: "batch",
          affine: "fixed",
          output: "fixed",
          bnEpsilon: 1e-5,
        },
        backend: "wasm",
      });
      assert.equal(bad.type, "error");
      assert.match((bad as { message: string }).message, /arch 'vgg' is unknown/);
    } finally {
      await worker.terminate();
    }
  });

  it("builds a replica, reports its backend and returns one gradient per trainable parameter", async () => {
    const worker = new Worker(workerFile);
    try {
      const config = {
        arch: "smallcnn",
        norm: "batch",
        affine: "learnable",
        output: "learnable",
        bnEpsilon: 1e-5,
        width: 2,
      } as const;
      assert.deepEqual(await ask(worker, { type: "init", config, backend: "wasm" }), {
        type: "ready",
        backend: "wasm",
      });
      // smallcnn width 2: conv 3x3x3x2, BN γ/β 2, conv 3x3x2x4, γ/β 4, conv 3x3x4x8, γ/β 8, fc 8x10 + bias 10.
      const sizes = [54, 2, 2, 72, 4, 4, 288, 8, 8, 80, 10];
      const reply = await ask(worker, {
        type: "step",
        params: sizes.map((n) => new Float32Array(n).fill(0.1)),
        buffers: [2, 2, 4, 4, 8, 8].map((n, i) => new Float32Array(n).fill(i % 2)),
        images: Float32Array.from({ length: 2 * 8 * 8 * 3 }, (_, i) => Math.sin(i)),
        shape: [2, 8, 8, 3],
        labels: Int32Array.of(1, 2),
      });
      assert.equal(reply.type, "step");
      if (reply.type !== "step") return;
      assert.deepEqual(
        reply.grads.map((g) => g.length),
        sizes,
      );
      assert.ok(reply.grads.every((g) => g.every(Number.isFinite)));
      assert.ok(Math.abs(reply.loss - Math.log(10)) < 1e-4, "equal logits give the loss ln 10");
    } finally {
      await worker.terminate();
    }
  });
});
