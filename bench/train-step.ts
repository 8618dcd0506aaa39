/**
 * Images per second of one training step (forward, backward, SGD with momentum and weight decay) of the small CNN
 * and PreResNet-20 at batch 128 on the backend `ready()` picks. Run: `npm run bench:train`
 * (`EXPLR_BACKEND=cpu` etc. to force one; `BENCH_BATCH`, `BENCH_STEPS` to change the size).
 */
import * as tf from "@tensorflow/tfjs-core";
import { ready } from "../src/backend/select.js";
import type { ModelConfig } from "../src/nn/config.js";
import { buildModel } from "../src/nn/model.js";

const batch = Number(process.env.BENCH_BATCH ?? 128);
const steps = Number(process.env.BENCH_STEPS ?? 3);
const common = { norm: "batch", affine: "fixed", output: "fixed", bnEpsilon: 1e-5 } as const;
const configs: ModelConfig[] = [
  { arch: "smallcnn", ...common },
  { arch: "preresnet", depth: 20, ...common },
];

const { backend } = await ready();
for (const config of configs) {
  const model = buildModel(config);
  const x = tf.randomNormal([batch, 32, 32, 3]) as tf.Tensor4D;
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 10),
    "int32",
  );
  const variables = model.trainableVariables();
  const buffers = variables.map((v) => tf.variable(tf.zerosLike(v), false));
  const step = () =>
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(
        () => model.lossAndAccuracy(x, labels, { training: true }).loss,
        variables,
      );
      variables.forEach((v, i) => {
        const d = tf.add(grads[v.name], tf.mul(v, 5e-4));
        buffers[i].assign(tf.add(tf.mul(buffers[i], 0.9), d));
        v.assign(tf.sub(v, tf.mul(buffers[i], 0.1)));
      });
      return value;
    });
  (await step().data()) && undefined;
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    const loss = step();
    await loss.data();
    loss.dispose();
    times.push(performance.now() - start);
  }
  const best = Math.min(...times) / 1000;
  const mean = times.reduce((a, b) => a + b, 0) / times.length / 1000;
  const name = config.arch === "preresnet" ? `PreResNet-${config.depth}` : "small CNN";
  console.log(
    `${backend}: ${name}, batch ${batch}: ${(batch / best).toFixed(1)} images/s best, ` +
      `${(batch / mean).toFixed(1)} mean over ${steps} steps (${(mean * 1000).toFixed(0)} ms/step)`,
  );
  model.dispose();
  tf.dispose([x, labels, ...buffers]);
}
