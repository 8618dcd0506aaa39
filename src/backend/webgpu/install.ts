import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What Dawn reports about the adapter it opened. */
export interface WebgpuDevice {
  /**
   * Dawn's backend: "default" (Vulkan/Metal/D3D12 on a real GPU), "opengles" (e.g. Mesa's software renderer), or
   * "null" (validates every call and executes none: the CPU cost of GPU work, measured anywhere).
   */
  dawnBackend: "default" | "opengles" | "null";
  description: string;
}

/**
 * Which adapter to open: "default", a real GPU and else OpenGL ES (on a machine without a GPU, Mesa's software
 * renderer); "gpu", a real GPU only; "null", Dawn's null adapter.
 */
export type WebgpuAdapterChoice = "default" | "gpu" | "null";

// Variables, so TypeScript does not demand the optional packages at build time.
const webgpuPackage = "webgpu";
const tfjsWebgpuPackage = "@tensorflow/tfjs-backend-webgpu";

interface DawnModule {
  create(flags: string[]): { requestAdapter(options?: object): Promise<DawnAdapter | null> };
  globals: object;
}
interface DawnAdapter {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

function describe(adapter: DawnAdapter): string {
  const info = adapter.info ?? {};
  const parts = [info.vendor, info.architecture, info.device, info.description].filter(
    (p) => p !== undefined && p !== "",
  );
  return parts.length > 0 ? parts.join(" ") : "unnamed adapter";
}

/**
 * Makes TensorFlow.js's `webgpu` backend usable in Node through Dawn (the npm `webgpu` package): installs the
 * WebGPU globals and a `navigator.gpu` that asks for Dawn's default backend (a real GPU), else for its OpenGL ES
 * backend in compatibility mode (needs EGL; headless via Mesa's surfaceless platform), then registers the tfjs
 * backend. `"null"` opens Dawn's null adapter instead, for measuring what a step costs the CPU. Throws with the reason when neither gives an adapter. Read results with `await t.data()`: the backend's
 * `dataSync` needs OffscreenCanvas, which Node lacks.
 */
export async function installWebgpu(adapterChoice: WebgpuAdapterChoice = "default"): Promise<WebgpuDevice> {
  const dawn = (await import(webgpuPackage)) as DawnModule;
  Object.assign(globalThis, dawn.globals);
  // Mesa's EGL needs these without a display server; only defaults, a caller's settings win.
  process.env.EGL_PLATFORM ??= "surfaceless";
  if (process.env.XDG_RUNTIME_DIR === undefined) {
    const runtimeDir = join(tmpdir(), `explr-xdg-${process.getuid?.() ?? "user"}`);
    mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
    process.env.XDG_RUNTIME_DIR = runtimeDir;
  }
  const isNull = adapterChoice === "null";
  let gpu = dawn.create(isNull ? ["backend=null"] : []);
  let featureLevel: "core" | "compatibility" = "core";
  let dawnBackend: WebgpuDevice["dawnBackend"] = isNull ? "null" : "default";
  let adapter = await gpu.requestAdapter();
  if (adapter === null && adapterChoice === "default") {
    gpu = dawn.create(["backend=opengles"]);
    featureLevel = "compatibility";
    dawnBackend = "opengles";
    adapter = await gpu.requestAdapter({ featureLevel });
  }
  if (adapter === null) {
    throw new Error(
      adapterChoice === "gpu"
        ? "webgpu: Dawn found no GPU (no Vulkan, Metal or D3D12 adapter; on Linux install the GPU's Vulkan driver)."
        : "webgpu: Dawn found no adapter (no Vulkan GPU, no EGL/OpenGL ES). Install libegl1 libgles2 libegl-mesa0.",
    );
  }
  const shim = {
    requestAdapter: (options: object = {}) => gpu.requestAdapter({ ...options, featureLevel }),
    getPreferredCanvasFormat: () => "rgba8unorm",
  };
  Object.defineProperty(globalThis, "navigator", {
    value: { ...(globalThis as { navigator?: object }).navigator, gpu: shim },
    configurable: true,
    writable: true,
  });
  await import(tfjsWebgpuPackage);
  return { dawnBackend, description: isNull ? "Dawn's null adapter (executes nothing)" : describe(adapter) };
}
