import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * explr's optional native addon (native/, built by scripts/build-native.mjs into build/native): oneDNN
 * convolutions and fused BatchNorm on tensors in the wasm backend's memory. This module only finds and loads it;
 * `conv-kernels.ts` and `batch-norm-kernels.ts` turn it into tfjs kernels.
 */
export interface NativeAddon {
  /**
   * Runs one convolution of `kind` (0 forward (x, W) → y, 1 input gradient (dy, W) → dx, 2 filter gradient
   * (x, dy) → dW) on NHWC/HWIO float32 operands at byte `offsets` [in0, in1, out] of `heap`, with `geometry`
   * [n, h, w, c, co, kh, kw, oh, ow, sh, sw, top, left, bottom, right]. `dyToken` names dy's contents for the
   * gradient kinds (equal tokens: the same dy, whose converted copy the addon then reuses), 0 for none.
   */
  conv(
    kind: 0 | 1 | 2,
    heap: ArrayBufferLike,
    offsets: number[],
    geometry: Int32Array,
    dyToken: number,
  ): void;
  /**
   * BatchNorm forward over NHWC x [P·C] into y (x's length) and stats [3, C] = (μ, r, unbiased σ²), then ReLU if
   * asked (src/backend/fused-ops.ts defines it).
   */
  batchNormForward(
    x: Float32Array,
    y: Float32Array,
    stats: Float32Array,
    channels: number,
    epsilon: number,
    minVariance: number,
    relu: boolean,
  ): void;
  /** dx of `batchNormForward` from x, dy and its stats. */
  batchNormBackward(
    x: Float32Array,
    dy: Float32Array,
    stats: Float32Array,
    dx: Float32Array,
    channels: number,
    relu: boolean,
  ): void;
  /** OpenMP threads of the calling JavaScript thread's convolutions and BatchNorm passes (one pool). */
  setThreads(threads: number): void;
  info(): { version: string; isa: string };
}

/** The addon, or the one-line reason it cannot be used. */
export type AddonLoad = { addon: NativeAddon } | { reason: string };

// Compiled to dist/src/backend/; the build folder is at the package root.
const buildDir = fileURLToPath(new URL("../../../../build/native/", import.meta.url));

let loaded: AddonLoad | null = null;

/** Loads the addon once per thread. `EXPLR_NATIVE=0` turns it off. */
export function loadNativeAddon(): AddonLoad {
  if (process.env.EXPLR_NATIVE === "0") return { reason: "turned off by EXPLR_NATIVE=0" };
  loaded ??= load();
  return loaded;
}

function load(): AddonLoad {
  const file = `${buildDir}explr_native.node`;
  if (!existsSync(file)) {
    // The build script leaves the reason it could not build; no file at all means it never ran.
    const reasonFile = `${buildDir}unavailable.txt`;
    const why = existsSync(reasonFile)
      ? readFileSync(reasonFile, "utf8").trim()
      : "not built: its install script never ran (in explr's folder: npm run build:native; where explr is a " +
        'dependency: add "explr": true to allowScripts in your package.json, then npm rebuild explr)';
    return { reason: why };
  }
  // libgomp reads this once, when the addon loads it. Its default spins idle threads between convolutions, which
  // measured 0.82 → 0.63 CPU s per PreResNet-20 step for 3 % less speed: on a shared machine, spinning steals cores.
  process.env.OMP_WAIT_POLICY ??= "passive";
  try {
    return { addon: createRequire(import.meta.url)(file) as NativeAddon };
  } catch (error) {
    // e.g. libdnnl.so.2 missing at run time after building elsewhere.
    return { reason: `addon failed to load: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** The addon, for kernels that are installed only once `loadNativeAddon()` succeeded. */
export function loadedAddon(): NativeAddon {
  const load = loadNativeAddon();
  if ("reason" in load) throw new Error(`explr's native addon is not loaded (${load.reason})`);
  return load.addon;
}
