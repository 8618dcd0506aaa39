/**
 * Trains a few steps of PreResNet-32 on the best GPU backend found and prints backend, device and images/s.
 * GPU routes (`readyGpu`): `@tensorflow/tfjs-node-gpu` (CUDA through libtensorflow), then `webgpu` through Dawn on
 * a real adapter. Without either, says why and runs on the best CPU backend instead. Run: `npm run gpu:check`
 * (`BENCH_BATCH`, `BENCH_STEPS` to change the size).
 */
import * as tf from "@tensorflow/tfjs-core";
import { type BackendChoice, ready, readyGpu } from "../src/backend/select.js";
import { CHANNELS, IMAGE_SIZE } from "../src/data/format.js";
import { buildModel } from "../src/nn/model.js";

const batch = Number(process.env.BENCH_BATCH ?? 128);
const steps = Number(process.env.BENCH_STEPS ?? 3);

function device(choice: BackendChoice): string {
  if (choice.device !== undefined) return choice.device;
  if (choice.backend === "tensorflow") return "libtensorflow (its log above names the GPU it opened)";
  return choice.backend === "wasm"
    ? "the CPU (WebAssembly; convolutions as the backend line says)"
    : "pure JavaScript";
}

const choice = (await readyGpu()) ?? (await ready());
const model = buildModel({
  arch: "preresnet",
  depth: 32,
  norm: "batch",
  affine: "fixed",
  output: "fixed",
  bnEpsilon: 1e-5,
});
const x = tf.randomNormal([batch, IMAGE_SIZE, IMAGE_SIZE, CHANNELS]) as tf.Tensor4D;
const labels = tf.tensor1d(
  Array.from({ length: batch }, (_, i) => i % 10),
  "int32",
);
const variables = model.trainableVariables();
const step = () =>
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => model.lossAndAccuracy(x, labels, { training: true }).loss,
      variables,
    );
    for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.1)));
    return value;
  });
const losses: number[] = [];
let seconds = 0;
for (let i = 0; i <= steps; i++) {
  const start = performance.now();
  const loss = step();
  losses.push((await loss.data())[0]);
  loss.dispose();
  // The first step compiles kernels and packs weights; it is not counted.
  if (i > 0) seconds += (performance.now() - start) / 1000;
}
console.log(`backend: ${choice.backend} (${choice.reason})`);
console.log(`device: ${device(choice)}`);
console.log(
  `PreResNet-32, batch ${batch}: ${((steps * batch) / seconds).toFixed(1)} images/s over ${steps} steps`,
);
console.log(`losses: ${losses.map((l) => l.toFixed(4)).join(" ")}`);
model.dispose();
tf.dispose([x, labels]);
