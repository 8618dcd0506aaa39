import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { epochBatches } from "../../src/data/batches.js";
import { CHANNELS, IMAGE_SIZE } from "../../src/data/format.js";
import { cellSignalSymbol } from "../../src/interrupt.js";
import { buildModel } from "../../src/nn/model.js";
import { fromJSON } from "../../src/spec-kinds.js";
import { readCheckpoint } from "../../src/train/checkpoint.js";
import { TrainingDivergedError, TrainingInterruptedError, train } from "../../src/train/loop.js";
import { digestOf } from "../../src/train/trained-data.js";
import { randomImages, tempDir, tinyData, tinyExperiment } from "./fixture.js";

const cpu = { data: tinyData, backend: "cpu" as const };

test("the same seed gives the same history, bit for bit; another data seed another one", async () => {
  const a = await train(tinyExperiment(), cpu);
  const b = await train(tinyExperiment(), cpu);
  assert.deepEqual(a.history, b.history);
  const c = await train(tinyExperiment({ seed: 4 }), cpu);
  assert.notDeepEqual(c.history.steps, a.history.steps);
});

test("the history records the schedule per group, norms, effective LR, angles and test metrics", async () => {
  const { history } = await train(tinyExperiment(), cpu);
  assert.deepEqual(history.data, {
    source: "given",
    train: digestOf(tinyData.train),
    test: digestOf(tinyData.test),
  });
  assert.deepEqual(history.groups, ["scale-invariant"]);
  assert.equal(history.stepsPerEpoch, 3);
  assert.equal(history.steps.length, 6);
  const lr = fromJSON({ kind: "multiStep", init: 0.1, boundaries: [3], factor: 0.1 });
  assert.deepEqual(
    history.steps.map((s) => s.lr["scale-invariant"]),
    [0, 1, 2, 3, 4, 5].map(lr),
  );
  assert.equal(lr(3), 0.1 * 0.1);
  for (const s of history.steps) {
    assert.equal(s.weightDecay["scale-invariant"], 5e-4);
    const norm = s.weightNorm["scale-invariant"] as number;
    assert.ok(norm > 0);
    const expected = (s.lr["scale-invariant"] as number) / norm ** 2;
    assert.ok(Math.abs((s.effectiveLR as number) / expected - 1) < 1e-12, `${s.effectiveLR} vs ${expected}`);
  }
  assert.equal(history.epochs.length, 2);
  for (const e of history.epochs) {
    assert.ok((e.angle as number) > 0 && (e.angle as number) < Math.PI);
    assert.ok(Number.isFinite(e.testLoss) && (e.testAccuracy as number) >= 0);
  }
  assert.deepEqual(JSON.parse(JSON.stringify(history)), history);
});

test("evaluation with batch statistics differs from running statistics, and only the last epoch with evalEvery 0", async () => {
  const batch = await train(tinyExperiment({ evalEvery: 0 }), cpu);
  const running = await train(tinyExperiment({ evalEvery: 0, evalStatistics: "running" }), cpu);
  assert.equal(batch.history.epochs[0].testLoss, undefined);
  assert.notEqual(batch.history.epochs[1].testLoss, running.history.epochs[1].testLoss);
  assert.deepEqual(batch.history.steps, running.history.steps);
});

test("resuming from a checkpoint continues bit for bit", async () => {
  const [dir, wholeDir] = [await tempDir(), await tempDir()];
  const whole = await train(tinyExperiment({ epochs: 3, checkpoint: { dir: wholeDir, every: 3 } }), cpu);
  await train(tinyExperiment({ epochs: 1, checkpoint: { dir, every: 1 } }), cpu);
  const first = await readCheckpoint(dir);
  assert.equal(first?.epochsDone, 1);
  assert.equal(first?.step, 3);
  const resumed = await train(tinyExperiment({ epochs: 3, checkpoint: { dir, every: 1 } }), {
    ...cpu,
    resume: true,
  });
  assert.deepEqual(resumed.history.steps, whole.history.steps);
  assert.deepEqual(resumed.history.epochs, whole.history.epochs);
  const last = await readCheckpoint(dir);
  const reference = await readCheckpoint(wholeDir);
  assert.equal(last?.epochsDone, 3);
  assert.deepEqual(last?.params, reference?.params);
  assert.deepEqual(last?.buffers, reference?.buffers);
  assert.deepEqual(last?.optimizer, reference?.optimizer);
});

test("resume refuses a checkpoint of another experiment", async () => {
  const dir = await tempDir();
  await train(tinyExperiment({ epochs: 1, checkpoint: { dir, every: 1 } }), cpu);
  await assert.rejects(
    train(tinyExperiment({ seed: 9, checkpoint: { dir, every: 1 } }), { ...cpu, resume: true }),
    /another experiment/,
  );
});

test("given images must be what the experiment says; resume refuses a checkpoint of other images", async () => {
  const stated = tinyExperiment({ data: { ...tinyExperiment().data, trainPerClass: 50 } });
  await assert.rejects(
    train(stated, cpu),
    /experiment.data.trainPerClass is 50, but the given train images have 2, 2, 1, 1, 1, 1, 1, 1, 1, 1 per class/,
  );
  const dir = await tempDir();
  await train(tinyExperiment({ epochs: 1, checkpoint: { dir, every: 1 } }), cpu);
  const other = { ...tinyData, train: randomImages(12, 7) };
  await assert.rejects(
    train(tinyExperiment({ checkpoint: { dir, every: 1 } }), { ...cpu, data: other, resume: true }),
    /was written with other train images/,
  );
});

test("a blow-up stops the run naming the step and keeps the last good checkpoint", async () => {
  const dir = await tempDir();
  const experiment = tinyExperiment({
    epochs: 3,
    checkpoint: { dir, every: 1 },
    // LR 0.1 for one epoch, then 1e37: w_4 overflows float32, so step 4 sees an infinite norm.
    optimizer: { lr: { kind: "multiStep", init: 0.1, boundaries: [3], factor: 1e38 }, momentum: 0.9 },
  });
  const error = await train(experiment, cpu).then(
    () => assert.fail("the run should have diverged"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TrainingDivergedError);
  assert.equal(error.step, 4);
  assert.match(error.message, /step 4/);
  assert.equal(error.history.steps.length, 5);
  const kept = await readCheckpoint(dir);
  assert.equal(kept?.epochsDone, 1);
  assert.ok(kept?.params.every((p) => p.values.every(Number.isFinite)));
});

test("an aborted signal stops the run before the next step, keeping the checkpoint and the tensors", async () => {
  const dir = await tempDir();
  const before = tf.memory().numTensors;
  const stop = new AbortController();
  const error = await train(tinyExperiment({ epochs: 3, checkpoint: { dir, every: 1 } }), {
    ...cpu,
    signal: stop.signal,
    callbacks: [{ onStep: (record) => record.step === 3 && stop.abort() }],
  }).then(
    () => assert.fail("the run should have been interrupted"),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TrainingInterruptedError);
  assert.equal(error.step, 4);
  assert.equal(error.history.steps.length, 4, "steps 0..3 ran, step 4 did not");
  assert.equal((await readCheckpoint(dir))?.epochsDone, 1);
  assert.equal(tf.memory().numTensors, before);
});

test("in a notebook, the running cell's signal is the default: interrupting the kernel stops training", async () => {
  const cell = new AbortController();
  const globals = globalThis as Record<symbol, unknown>;
  globals[cellSignalSymbol] = () => cell.signal;
  try {
    const run = train(tinyExperiment({ epochs: 2 }), {
      ...cpu,
      callbacks: [{ onStep: (record) => record.step === 1 && cell.abort() }],
    });
    await assert.rejects(run, (e: unknown) => e instanceof TrainingInterruptedError && e.step === 2);
    // a signal given explicitly wins over the cell's
    const { history } = await train(tinyExperiment({ epochs: 1 }), {
      ...cpu,
      signal: new AbortController().signal,
    });
    assert.ok(history.steps.length > 0);
  } finally {
    delete globals[cellSignalSymbol];
  }
});

test("a training set of ≥ 1024 images gets its batches from a worker thread, and trains the same", async () => {
  const big = { train: randomImages(1024, 7), test: tinyData.test };
  const experiment = tinyExperiment({ epochs: 1, data: { ...tinyExperiment().data, batchSize: 512 } });
  // wasm: the cpu backend takes ~15 s for these 1024 images
  const { history } = await train(experiment, { data: big, backend: "wasm" });
  // the same steps computed from epochBatches on this thread
  const expected = [...epochBatches(big.train, 0, { batchSize: 512, augment: true, seed: experiment.seed })];
  assert.equal(history.steps.length, expected.length);
  assert.ok(history.steps.every((s) => Number.isFinite(s.loss)));
  const model = buildModel(experiment.model);
  try {
    const first = expected[0];
    const loss = tf.tidy(
      () =>
        model
          .lossAndAccuracy(
            tf.tensor4d(first.images as Float32Array, [512, IMAGE_SIZE, IMAGE_SIZE, CHANNELS]),
            tf.tensor1d(Int32Array.from(first.labels), "int32"),
            {
              training: true,
            },
          )
          .loss.dataSync()[0],
    );
    assert.ok(Math.abs(loss - history.steps[0].loss) < 1e-5, `${loss} vs ${history.steps[0].loss}`);
  } finally {
    model.dispose();
  }
});

test("the tensor count stays flat across steps and returns to its start", async () => {
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  await train(tinyExperiment({ epochs: 2 }), {
    ...cpu,
    callbacks: [{ onStep: () => counts.push(tf.memory().numTensors) }],
  });
  assert.equal(counts.length, 6);
  assert.deepEqual(new Set(counts.slice(1)).size, 1, `tensor counts per step: ${counts}`);
  assert.equal(tf.memory().numTensors, before);
});

test("frozen groups do not move; callbacks see start, every step, every epoch and the end", async () => {
  const experiment = tinyExperiment({
    model: {
      arch: "smallcnn",
      width: 2,
      norm: "batch",
      affine: "learnable",
      output: "fixed",
      bnEpsilon: 1e-5,
    },
    optimizer: { lr: 0.1, momentum: 0.9, groups: { "norm-affine": { frozen: true } } },
    epochs: 1,
  });
  const seen: string[] = [];
  const { history } = await train(experiment, {
    ...cpu,
    callbacks: [
      {
        onStart: (info) => seen.push(`start ${info.totalSteps} ${info.startStep} ${info.groups.join(",")}`),
        onStep: (r) => seen.push(`step ${r.step}`),
        onEpoch: (r) => seen.push(`epoch ${r.epoch}`),
        onEnd: () => seen.push("end"),
      },
    ],
  });
  assert.deepEqual(seen, [
    "start 3 0 scale-invariant,norm-affine",
    "step 0",
    "step 1",
    "step 2",
    "epoch 0",
    "end",
  ]);
  const affineNorms = history.steps.map((s) => s.weightNorm["norm-affine"]);
  assert.ok(affineNorms.every((n) => n === affineNorms[0]));
  const convNorms = history.steps.map((s) => s.weightNorm["scale-invariant"]);
  assert.notEqual(convNorms[0], convNorms[2]);
});

test("trains on webgpu (reads asynchronously), within float32 rounding of the cpu run, checkpoint included", async () => {
  const [cpuDir, gpuDir] = [await tempDir(), await tempDir()];
  // PreResNet-8: 9 scale-invariant weights in one group, more than one WebGPU dispatch may read (7 inputs + output)
  const model = {
    arch: "preresnet",
    depth: 8,
    width: 2,
    norm: "batch",
    affine: "fixed",
    output: "fixed",
    bnEpsilon: 1e-5,
  } as const;
  const experiment = (dir: string) => tinyExperiment({ model, epochs: 2, checkpoint: { dir, every: 1 } });
  const reference = await train(experiment(cpuDir), cpu);
  const ours = await train(experiment(gpuDir), { data: tinyData, backend: "webgpu" });
  assert.equal(ours.backend, "webgpu");
  assert.equal(ours.history.steps.length, reference.history.steps.length);
  ours.history.steps.forEach((s, i) => {
    const r = reference.history.steps[i];
    assert.ok(Math.abs(s.loss - r.loss) < 1e-4 * Math.max(1, r.loss), `step ${i}: ${s.loss} vs ${r.loss}`);
    const [norm, referenceNorm] = [s, r].map((t) => t.weightNorm["scale-invariant"] as number);
    assert.ok(Math.abs(norm / referenceNorm - 1) < 1e-5, `step ${i}: ‖w‖ ${norm} vs ${referenceNorm}`);
  });
  const saved = await readCheckpoint(gpuDir);
  assert.equal(saved?.epochsDone, 2);
  assert.equal(saved?.optimizer.buffers.length, reference.history.groups.length);
});
