import * as tf from "@tensorflow/tfjs-core";
import { installKernelOverrides } from "./kernel-overrides.js";
import { loadBatchNormModule } from "./wasm/batch-norm-module.js";
import { watchDeviceErrors } from "./webgpu/device-errors.js";
import { installDispatchCache } from "./webgpu/dispatch-cache.js";
import { installWebgpu, type WebgpuAdapterChoice } from "./webgpu/install.js";

/**
 * The backends explr knows how to start. `tensorflow` is libtensorflow through tfjs-node(-gpu); `webgpu` runs
 * through Dawn and is used only on request (on a machine without a GPU it is a slow software renderer).
 */
export const backendNames = ["tensorflow", "webgpu", "wasm", "cpu"] as const;
export type BackendName = (typeof backendNames)[number];

/** Which backend runs, and why it was chosen. */
export interface BackendChoice {
  backend: BackendName;
  reason: string;
  /** Filled in when the backend reports its device (webgpu). */
  device?: string;
}

export interface BackendOptions {
  /** Force a backend; default: `EXPLR_BACKEND` from the environment, else the best one that loads. */
  backend?: BackendName;
  /** Where the one-line report goes; default `console.log`. Pass `() => {}` to silence it. */
  log?: (line: string) => void;
  /**
   * Threads of the wasm backend's native kernels, oneDNN convolutions and BatchNorm (default all cores;
   * `EXPLR_NATIVE_THREADS` overrides, `EXPLR_NATIVE=0` turns them off).
   */
  nativeThreads?: number;
  /** webgpu only: `"null"` opens Dawn's null adapter, which executes nothing (for measuring CPU cost). */
  webgpuAdapter?: WebgpuAdapterChoice;
}

/** The npm packages that provide the `tensorflow` backend, GPU build first. */
const tensorflowPackages = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"];

/**
 * Loads a tfjs-node package. Both are optional: a missing package throws "Cannot find module", one installed with
 * `--ignore-scripts` (no libtensorflow) throws "tfjs_binding.node can not be found"; either means "not available".
 */
async function loadTensorflow(): Promise<string | null> {
  const failures: string[] = [];
  for (const name of tensorflowPackages) {
    try {
      await import(name);
      if (tf.findBackend("tensorflow") !== null) return name;
      failures.push(`${name} loaded but registered no 'tensorflow' backend (a second copy of tfjs-core?)`);
    } catch (error) {
      failures.push(`${name} ${describeLoadFailure(error as Error)}`);
    }
  }
  lastTensorflowFailure = failures.join("; ");
  return null;
}
let lastTensorflowFailure = "";

function describeLoadFailure(error: Error): string {
  if (/Cannot find (module|package)/.test(error.message)) return "not installed";
  if (/tfjs_binding\.node/.test(error.message)) return "installed without libtensorflow (--ignore-scripts?)";
  return `failed: ${error.message.split("\n")[0]}`;
}

/** Loads wasm with explr's kernels for it (`kernelOverrides`), the native ones where the addon is built. */
async function loadWasm(nativeThreads: number | undefined): Promise<string> {
  await import("@tensorflow/tfjs-backend-wasm");
  const { native } = installKernelOverrides("wasm", { nativeThreads });
  if (native?.on) return `wasm with ${native.description}`;
  const simd = loadBatchNormModule();
  const batchNorm = "reason" in simd ? `; BatchNorm as tfjs's ops: ${simd.reason}` : "";
  return `wasm with explr's wasm kernels; native kernels off: ${native?.reason}${batchNorm}`;
}

async function loadCpu(): Promise<void> {
  await import("@tensorflow/tfjs-backend-cpu");
}

function parseBackendName(value: string, source: string): BackendName {
  if ((backendNames as readonly string[]).includes(value)) return value as BackendName;
  throw new RangeError(`${source} = '${value}' is not a backend; use one of ${backendNames.join(", ")}.`);
}

/** Starts backend `name`; returns what it runs on: its device (webgpu), its convolutions (wasm). */
async function activate(name: BackendName, options: BackendOptions): Promise<string | undefined> {
  let detail: string | undefined;
  if (name === "webgpu") {
    const { dawnBackend, description } = await installWebgpu(options.webgpuAdapter);
    installKernelOverrides("webgpu");
    detail = `${description} via Dawn ${dawnBackend}`;
  } else if (name === "tensorflow") {
    if ((await loadTensorflow()) === null) {
      throw new Error(
        `backend 'tensorflow' is unavailable: ${lastTensorflowFailure}. Install @tensorflow/tfjs-node.`,
      );
    }
  } else if (name === "wasm") {
    detail = await loadWasm(options.nativeThreads);
  } else {
    await loadCpu();
  }
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not initialise backend '${name}'.`);
  await tf.ready();
  if (name === "webgpu") {
    const backend = tf.backend() as { device?: object };
    if (backend.device !== undefined) watchDeviceErrors(backend.device);
    if (installDispatchCache(backend) === null) {
      detail += "; tfjs-backend-webgpu is not the 4.22 explr knows: its dispatches are not cached";
    }
  }
  return detail;
}

/**
 * Registers tfjs's gradient functions. tfjs-core's published bundles leave them out (its per-op ESM files cannot be
 * loaded by Node), while the `@tensorflow/tfjs` bundle registers them all on the shared engine. Loaded on demand
 * because it takes about a second. Example: `await registerGradients(); tf.grad(f)(x);`
 */
export async function registerGradients(): Promise<void> {
  await import("@tensorflow/tfjs");
}

/** The npm package whose `tensorflow` backend runs on CUDA GPUs. */
const cudaPackage = "@tensorflow/tfjs-node-gpu";

/**
 * Starts a backend on this machine's GPU, if it has one: libtensorflow with CUDA (tfjs-node-gpu) where it installs,
 * else webgpu through Dawn on a real adapter (Vulkan, Metal, D3D12; never a software renderer). Returns null, and
 * logs why, when there is none; later `ready()` calls then choose among the CPU backends as usual.
 * Example: `const gpu = await readyGpu(); const device = gpu?.device ?? "CPU";`
 */
export async function readyGpu(
  options: Omit<BackendOptions, "backend" | "webgpuAdapter"> = {},
): Promise<BackendChoice | null> {
  const log = options.log ?? console.log;
  const reasons: string[] = [];
  try {
    await import(cudaPackage);
    return await ready({ ...options, backend: "tensorflow" });
  } catch (error) {
    reasons.push(`${cudaPackage} ${describeLoadFailure(error as Error)}`);
  }
  try {
    const choice = await ready({ ...options, backend: "webgpu", webgpuAdapter: "gpu" });
    // A process opens one webgpu adapter: one opened earlier may be a software or null one.
    if (/via Dawn default$/.test(choice.device ?? "")) return choice;
    reasons.push(`webgpu already runs on ${choice.device} in this process`);
  } catch (error) {
    reasons.push((error as Error).message.split("\n")[0]);
  }
  log(`explr: no GPU backend (${reasons.join("; ")})`);
  return null;
}

let current: Promise<BackendChoice> | null = null;

/**
 * Starts the best TensorFlow.js backend (tensorflow → wasm → cpu; webgpu on request) once, and reports it in one line.
 * An explicit `backend` option or `EXPLR_BACKEND` overrides the choice and fails loudly if it cannot start.
 * Later calls return the same choice, unless they ask for another backend by option (then it is started and becomes
 * the choice); after a failure the next call chooses again. Example: `const { backend, reason } = await ready();`
 */
export async function ready(options: BackendOptions = {}): Promise<BackendChoice> {
  if (options.backend !== undefined && current !== null) {
    const chosen = await current.catch(() => null);
    if (chosen?.backend !== options.backend) current = null;
  }
  current ??= choose(options).then(
    (choice) => {
      (options.log ?? console.log)(`explr: tfjs backend '${choice.backend}' (${choice.reason})`);
      return choice;
    },
    (error: unknown) => {
      // A failed request must not pin the failure: the caller may fall back to another backend.
      current = null;
      throw error;
    },
  );
  return current;
}

/** `device` of a BackendChoice: only webgpu's detail is a device. */
function device(name: BackendName, detail: string | undefined): { device?: string } {
  return name === "webgpu" && detail !== undefined ? { device: detail } : {};
}

async function choose(options: BackendOptions): Promise<BackendChoice> {
  await registerGradients();
  const env = process.env.EXPLR_BACKEND;
  if (options.backend !== undefined) {
    const name = parseBackendName(options.backend, "option backend");
    const detail = await activate(name, options);
    return {
      backend: name,
      reason: `requested by option${detail ? `; ${detail}` : ""}`,
      ...device(name, detail),
    };
  }
  if (env !== undefined && env !== "") {
    const name = parseBackendName(env, "EXPLR_BACKEND");
    const detail = await activate(name, options);
    return {
      backend: name,
      reason: `requested by EXPLR_BACKEND${detail ? `; ${detail}` : ""}`,
      ...device(name, detail),
    };
  }
  const tensorflowPackage = await loadTensorflow();
  if (tensorflowPackage !== null && (await tf.setBackend("tensorflow"))) {
    return { backend: "tensorflow", reason: `libtensorflow via ${tensorflowPackage}` };
  }
  try {
    const detail = await activate("wasm", options);
    return { backend: "wasm", reason: `no tfjs-node (${lastTensorflowFailure}); ${detail}` };
  } catch (error) {
    await activate("cpu", options);
    return { backend: "cpu", reason: `no tfjs-node, wasm failed (${(error as Error).message}); pure-JS cpu` };
  }
}
