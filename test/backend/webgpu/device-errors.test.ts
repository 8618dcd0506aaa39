import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { read } from "../../../src/backend/read.js";
import { ready } from "../../../src/backend/select.js";
import { GpuError, throwIfGpuFailed, watchDeviceErrors } from "../../../src/backend/webgpu/device-errors.js";
import { endOfStep } from "../../../src/backend/webgpu/step-boundary.js";
import { runNode } from "../../node-process.js";

/** A stand-in for a GPUDevice: an event target with a `lost` promise the test settles. */
function fakeDevice() {
  let loseWith: (info: { reason: string; message: string }) => void = () => {};
  const device = Object.assign(new EventTarget(), {
    lost: new Promise<{ reason: string; message: string }>((resolve) => {
      loseWith = resolve;
    }),
  });
  /** Reports an error as Dawn does; returns whether the default (Dawn printing it) was prevented. */
  const report = (errorClass: string, message: string): boolean => {
    const event = Object.assign(new Event("uncapturederror", { cancelable: true }), {
      error: { message, constructor: { name: errorClass } },
    });
    device.dispatchEvent(event);
    return event.defaultPrevented;
  };
  return { device, report, lose: loseWith };
}

const dawnOutOfMemory = [
  "Out of memory.",
  ' - While calling [Device].CreateBuffer([BufferDescriptor ""]).',
  "    at IncrementMemoryUsage (third_party/dawn/src/dawn/native/null/DeviceNull.cpp:319)",
].join("\n");

function caught(): GpuError {
  try {
    throwIfGpuFailed();
  } catch (error) {
    assert.ok(error instanceof GpuError, `a GpuError, got ${error}`);
    return error;
  }
  assert.fail("throwIfGpuFailed did not throw");
}

// First, as the last test below leaves a lost device behind. (Out of memory on a read: buffer-pool.test.ts.)
describe("GPU errors on Dawn's null adapter", () => {
  before(async () => {
    await ready({ backend: "webgpu", webgpuAdapter: "null", log: () => {} });
  });

  it("the end of a step throws a dispatch the GPU refused (tfjs's addN over 8 buffers)", () => {
    const inputs = Array.from({ length: 8 }, () => tf.ones([16]));
    const sum = tf.addN(inputs);
    assert.throws(endOfStep, (error: unknown) => error instanceof GpuError && error.kind === "validation");
    tf.dispose([sum, ...inputs]);
  });

  it("keeps Dawn from printing the errors it reports (thousands per step once memory runs out)", async () => {
    const module = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
    const script = `
      import * as tf from "@tensorflow/tfjs-core";
      import { ready } from ${module("../../../src/backend/select.js")};
      import { read } from ${module("../../../src/backend/read.js")};
      await ready({ backend: "webgpu", webgpuAdapter: "null", log: () => {} });
      const held = Array.from({ length: 6 }, () => tf.fill([100 * 2 ** 18], 1));
      for (let i = 0; i < 20; i++) tf.addN(held.slice(0, 2)).mul(2);
      await read(tf.scalar(1).add(1)).then(() => console.log("no error"), (e) => console.log(e.kind));
      process.exit(0);`;
    const done = await runNode(["--input-type=module", "-e", script], { cwd: process.cwd() });
    assert.equal(done.code, 0, done.stderr);
    assert.equal(done.stdout.trim(), "out-of-memory");
    assert.equal(done.stderr, "", "nothing printed by Dawn");
  });
});

describe("watchDeviceErrors", () => {
  it("turns the first out-of-memory error into one GpuError with the fix, counting and silencing the rest", () => {
    const { device, report } = fakeDevice();
    watchDeviceErrors(device);
    watchDeviceErrors(device); // a second watch adds no second listener
    assert.doesNotThrow(throwIfGpuFailed, "nothing reported, nothing thrown");
    assert.equal(report("GPUOutOfMemoryError", dawnOutOfMemory), true, "Dawn's own print is prevented");
    assert.equal(report("GPUValidationError", "[Invalid Buffer] is invalid due to a previous error."), true);
    assert.equal(
      report("GPUValidationError", "[Invalid BindGroup] is invalid due to a previous error."),
      true,
    );
    const error = caught();
    assert.equal(error.kind, "out-of-memory");
    assert.match(
      error.message,
      /^webgpu: the GPU ran out of memory \(Out of memory\. - While calling \[Device\]/,
    );
    assert.match(error.message, /smaller batch size/);
    assert.match(error.message, /backend\.emptyGpuCache\(\)/);
    assert.match(error.message, /2 more GPU errors followed it\.$/);
    assert.doesNotMatch(error.message, /DeviceNull\.cpp/, "Dawn's source locations are left out");
    assert.doesNotThrow(throwIfGpuFailed, "an error is thrown once; the watch starts afresh");
  });

  it("calls a refused dispatch a bug to report, and an unknown error class internal", () => {
    const { device, report } = fakeDevice();
    watchDeviceErrors(device);
    report("GPUValidationError", "Binding count (9) exceeds the maximum storage buffers per stage (8).");
    const refused = caught();
    assert.equal(refused.kind, "validation");
    assert.match(refused.message, /refused a dispatch \(Binding count \(9\) exceeds/);
    assert.match(refused.message, /bug in explr or TensorFlow\.js/);
    assert.doesNotMatch(refused.message, /more GPU error/);
    report("GPUInternalError", "Device memory corrupted.");
    assert.equal(caught().kind, "internal");
  });

  it("ignores a device destroyed on purpose, and reports a lost one at every check", async () => {
    const destroyed = fakeDevice();
    watchDeviceErrors(destroyed.device);
    destroyed.lose({ reason: "destroyed", message: "Device was destroyed." });
    await new Promise((resolve) => setImmediate(resolve));
    assert.doesNotThrow(throwIfGpuFailed);

    const lost = fakeDevice();
    watchDeviceErrors(lost.device);
    lost.lose({ reason: "unknown", message: "The driver reset the GPU." });
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < 2; i++) {
      const error = caught();
      assert.equal(error.kind, "device-lost");
      assert.match(error.message, /device was lost \(The driver reset the GPU\.\).*Restart the kernel/);
    }
  });

  it("after the GPU is lost, work on a CPU backend goes on", async () => {
    assert.throws(throwIfGpuFailed, /device was lost/, "the device above is lost");
    await import("@tensorflow/tfjs-backend-cpu");
    await tf.setBackend("cpu");
    try {
      assert.doesNotThrow(endOfStep);
      assert.deepEqual(Array.from(await read(tf.tensor1d([1, 2]).add(1))), [2, 3]);
    } finally {
      await tf.setBackend("webgpu");
    }
  });

  it("leaves alone what is not a device", () => {
    assert.doesNotThrow(() => watchDeviceErrors({}));
    assert.doesNotThrow(() => watchDeviceErrors({ addEventListener: () => {}, lost: "not a promise" }));
  });
});
