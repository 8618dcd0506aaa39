import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { channelAddress, readConnectionFile } from "../../../kernel/protocol/connection.js";

function file(content: object): string {
  const p = path.join(mkdtempSync(path.join(tmpdir(), "explr-conn-test-")), "c.json");
  writeFileSync(p, JSON.stringify(content));
  return p;
}

const ports = { shell_port: 1, control_port: 2, iopub_port: 3, stdin_port: 4, hb_port: 5 };

test("reads ports and fills the protocol's defaults", () => {
  const info = readConnectionFile(file({ ...ports, key: "k" }));
  assert.equal(info.transport, "tcp");
  assert.equal(info.signature_scheme, "hmac-sha256");
  assert.equal(channelAddress(info, "iopub"), "tcp://127.0.0.1:3");
});

test("ipc addresses join the path and the port", () => {
  const info = readConnectionFile(file({ ...ports, transport: "ipc", ip: "/run/kernel" }));
  assert.equal(channelAddress(info, "hb"), "ipc:///run/kernel-5");
});

test("a missing port is an error naming the field", () => {
  assert.throws(
    () => readConnectionFile(file({ ...ports, hb_port: undefined })),
    /"hb_port" must be a port number/,
  );
});
