/**
 * WebGPU reports a failure (a buffer it could not allocate, an invalid dispatch, a lost device) as an event after the
 * call that caused it, and tfjs listens for none: a step whose buffers could not be allocated goes on with invalid
 * buffers, reads give zeros, and Dawn prints every follow-on error to stderr, thousands per step. This watch keeps
 * the first error of each kind, silences the rest, and turns them into one `GpuError` at the next check (the end of
 * an optimizer step, a read), so a cell or a training run fails with the cause and what to do about it, as PyTorch's
 * "CUDA out of memory" does.
 */

/** A failure the GPU reported; `kind` says which. */
export class GpuError extends Error {
  constructor(
    readonly kind: "out-of-memory" | "validation" | "internal" | "device-lost",
    message: string,
  ) {
    super(message);
    this.name = "GpuError";
  }
}

/** The parts of a GPUDevice the watch needs. */
interface WatchedDevice {
  addEventListener(type: "uncapturederror", listener: (event: UncapturedErrorEvent) => void): void;
  lost: Promise<{ reason: string; message: string }>;
}
interface UncapturedErrorEvent {
  error: { message: string; constructor: { name: string } };
  preventDefault(): void;
}

interface Pending {
  kind: GpuError["kind"];
  dawnMessage: string;
  more: number;
}

const watched = new WeakSet<object>();
let pending: Pending | null = null;
let lost: GpuError | null = null;

function kindOf(errorClass: string): GpuError["kind"] {
  if (errorClass === "GPUOutOfMemoryError") return "out-of-memory";
  if (errorClass === "GPUValidationError") return "validation";
  return "internal";
}

/** The first lines of Dawn's message: what failed and in which call, without its source locations. */
function summary(message: string): string {
  return message
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^\s+at /.test(line))
    .slice(0, 3)
    .map((line) => line.trim())
    .join(" ");
}

function explain(kind: GpuError["kind"], dawnMessage: string): string {
  const what = summary(dawnMessage);
  if (kind === "out-of-memory") {
    return (
      `webgpu: the GPU ran out of memory (${what}). What was computed from then on is invalid. ` +
      "Use a smaller batch size, or free GPU memory: dispose models and tensors that are no longer needed " +
      "(tf.memory() shows what is held) and call backend.emptyGpuCache()."
    );
  }
  if (kind === "validation") {
    return (
      `webgpu: the GPU refused a dispatch (${what}). Its results and what was computed from them are invalid. ` +
      "This is a bug in explr or TensorFlow.js's webgpu backend: please report it with the operation that ran."
    );
  }
  return `webgpu: the GPU reported an internal error (${what}). What was computed from then on is invalid.`;
}

function isWatchable(device: object): device is WatchedDevice {
  const d = device as Partial<WatchedDevice>;
  return typeof d.addEventListener === "function" && d.lost instanceof Promise;
}

/**
 * Starts watching `device` for errors (once per device; a device that cannot be watched is left alone). Call it when
 * the backend starts, before any work is issued.
 */
export function watchDeviceErrors(device: object): void {
  if (watched.has(device) || !isWatchable(device)) return;
  watched.add(device);
  device.addEventListener("uncapturederror", (event) => {
    event.preventDefault();
    if (pending !== null) {
      pending.more++;
      return;
    }
    pending = { kind: kindOf(event.error.constructor.name), dawnMessage: event.error.message, more: 0 };
  });
  void device.lost.then((info) => {
    if (info.reason === "destroyed") return;
    lost = new GpuError(
      "device-lost",
      `webgpu: the GPU device was lost (${summary(info.message) || info.reason}); nothing more can run on it. ` +
        "Restart the kernel (or the process) to open the GPU again.",
    );
  });
}

/**
 * Throws the GPU's first error since the last check, with a count of those that followed it; after that the watch
 * starts afresh (a smaller batch may then run). A lost device throws at every check.
 */
export function throwIfGpuFailed(): void {
  if (lost !== null) throw lost;
  if (pending === null) return;
  const { kind, dawnMessage, more } = pending;
  pending = null;
  const followers = more === 0 ? "" : ` ${more} more GPU error${more === 1 ? "" : "s"} followed it.`;
  throw new GpuError(kind, explain(kind, dawnMessage) + followers);
}
