import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { nativeSkip } from "./native/skip.js";

const selectModule = fileURLToPath(new URL("../../src/backend/select.js", import.meta.url));

/** Runs `ready(options)` in a fresh Node process (the choice is made once per process). */
function readyIn(env: Record<string, string>, options = "{}") {
  const script = `import { ready } from ${JSON.stringify(selectModule)};
    import * as tf from "@tensorflow/tfjs-core";
    const lines = [];
    const choice = await ready({ ...${options}, log: (l) => lines.push(l) });
    const again = await ready();
    console.log(JSON.stringify({ choice, again, lines, active: tf.getBackend() }));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, EXPLR_BACKEND: "", ...env },
    encoding: "utf8",
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
  });
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  return {
    status: result.status,
    out: last.startsWith("{") ? JSON.parse(last) : null,
    stderr: result.stderr,
  };
}

describe("ready", () => {
  it("picks wasm when tfjs-node is absent, says why once, and keeps the choice", () => {
    const { out } = readyIn({});
    assert.equal(out.choice.backend, "wasm");
    assert.match(out.choice.reason, /tfjs-node/);
    assert.deepEqual(out.again, out.choice);
    assert.equal(out.lines.length, 1);
    assert.match(out.lines[0], /backend 'wasm'/);
    assert.equal(out.active, "wasm");
  });

  it("obeys EXPLR_BACKEND and the backend option, the option first", () => {
    assert.equal(readyIn({ EXPLR_BACKEND: "cpu" }).out.active, "cpu");
    const { out } = readyIn({ EXPLR_BACKEND: "cpu" }, `{ backend: "wasm" }`);
    assert.equal(out.active, "wasm");
    assert.match(out.choice.reason, /^requested by option; wasm with /);
  });

  it("a later call that asks for another backend switches to it; one that asks for the current keeps it", () => {
    const script = `import { ready } from ${JSON.stringify(selectModule)};
      import * as tf from "@tensorflow/tfjs-core";
      const seen = [];
      const lines = [];
      const log = (l) => lines.push(l);
      for (const backend of ["cpu", "wasm", "wasm", "cpu", "wasm"]) {
        const choice = await ready({ backend, log });
        const y = tf.conv2d(tf.ones([1, 4, 4, 2]), tf.ones([3, 3, 2, 1]), 1, "same").sum().dataSync()[0];
        seen.push([choice.backend, tf.getBackend(), y]);
      }
      console.log(JSON.stringify({ seen, lines: lines.length }));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, EXPLR_BACKEND: "" },
      encoding: "utf8",
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    });
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "");
    assert.deepEqual(
      out.seen.map(([chosen, active]: string[]) => `${chosen}/${active}`),
      ["cpu/cpu", "wasm/wasm", "wasm/wasm", "cpu/cpu", "wasm/wasm"],
    );
    assert.ok(
      out.seen.every(([, , y]: number[]) => y === out.seen[0][2]),
      "the same result on each",
    );
    assert.equal(out.lines, 4, "one report per switch, none when the backend stays");
  });

  it("reports wasm's native kernels, or why they are off", () => {
    const off = readyIn({ EXPLR_BACKEND: "wasm", EXPLR_NATIVE: "0" }).out.choice.reason;
    assert.match(off, /; wasm with explr's wasm kernels; native kernels off: turned off by EXPLR_NATIVE=0$/);
    // Optional, required in CI (see native/skip.ts).
    if (nativeSkip()) return;
    const on = readyIn({ EXPLR_BACKEND: "wasm", EXPLR_NATIVE_THREADS: "1" }).out.choice.reason;
    assert.match(
      on,
      /; wasm with oneDNN \d+\.\d+\.\d+ convolutions and native BatchNorm \([\w.]+, 1 thread\)$/,
    );
  });

  it("fails loudly on an unknown or unavailable requested backend", () => {
    const unknown = readyIn({ EXPLR_BACKEND: "webgl2" });
    assert.notEqual(unknown.status, 0);
    assert.match(
      unknown.stderr,
      /EXPLR_BACKEND = 'webgl2' is not a backend; use one of tensorflow, webgpu, wasm, cpu/,
    );
    const missing = readyIn({ EXPLR_BACKEND: "tensorflow" });
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /'tensorflow' is unavailable: @tensorflow\/tfjs-node-gpu not installed/);
  });
});
