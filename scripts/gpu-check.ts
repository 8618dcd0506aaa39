/**
 * Trains a few steps of PreResNet-32 on the best GPU backend found and prints backend, device and images/s.
 * GPU routes: `@tensorflow/tfjs-node-gpu` (CUDA through libtensorflow), then `webgpu` through Dawn. Without
 * either, says so and runs on the best backend that loads instead. Run: `npm run gpu:check` (`BENCH_BATCH`, `BENCH_STEPS` to change the size).
 */
import * as tf from "@tensorflow/tfjs-core";
import { type BackendChoice, ready } from "../src/backend/select.js";
import { CHANNELS, IMAGE_SIZE } from "../src/data/format.js";
import { buildModel } from "../src/nn/model.js";

const batch = Number(process.env.BENCH_BATCH ?? 128);
const steps = Number(process.env.BENCH_STEPS ?? 3);

/** A variable, so TypeScript does not demand the optional package at build time. */
const gpuPackage = "@tensorflow/tfjs-node-gpu";

/** tfjs-node-gpu (CUDA), else webgpu through Dawn; null when neither starts. */
async function gpuBackend(): Promise<BackendChoice | null> {
  try {
    await import(gpuPackage);
    return await ready({ backend: "tensorflow" });
  } catch (error) {
    console.log(`gpu:check: no CUDA backend (${gpuPackage}: ${(error as Error).message.split("\n")[0]}).`);
  }
  try {
    const choice = await ready({ backend: "webgpu" });
    if (choice.device?.includes("opengles")) {
      console.log(
        "gpu:check: webgpu runs on Dawn's OpenGL ES backend: on a machine without a GPU that is software.",
      );
    }
    return choice;
  } catch (error) {
    console.log(
      `gpu:check: no webgpu (${(error as Error).message.split("\n")[0]}); falling back to the best CPU one.`,
    );
    return null;
  }
}

function device(choice: BackendChoice): string {
  if (choice.device !== undefined) return choice.device;
  if (choice.backend === "tensorflow") return "libtensorflow (its log above names the GPU it opened)";
  return choice.backend === "wasm" ? "WebAssembly SIMD, one thread" : "pure JavaScript";
}

const choice = (await gpuBackend()) ?? (await ready());
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
