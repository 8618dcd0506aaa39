import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { channelAddress, isLoopback, readConnectionFile } from "../../../kernel/protocol/connection.js";

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
  const info = readConnectionFile(file({ ...ports, key: "k", transport: "ipc", ip: "/run/kernel" }));
  assert.equal(channelAddress(info, "hb"), "ipc:///run/kernel-5");
});

test("a missing port is an error naming the field", () => {
  assert.throws(
    () => readConnectionFile(file({ ...ports, hb_port: undefined })),
    /"hb_port" must be a port number/,
  );
});

test("a file without a key is refused, saying why and how to fix it", () => {
  assert.throws(
    () => readConnectionFile(file(ports)),
    (error: Error) =>
      /has no "key"/.test(error.message) &&
      /unsigned messages/.test(error.message) &&
      /--allow-unauthenticated/.test(error.message),
  );
});

test("--allow-unauthenticated accepts a file without a key on loopback only", () => {
  assert.equal(readConnectionFile(file(ports), { allowUnauthenticated: true }).key, "");
  assert.throws(
    () => readConnectionFile(file({ ...ports, ip: "0.0.0.0" }), { allowUnauthenticated: true }),
    /empty "key" on ip "0.0.0.0"/,
  );
});

test("a key that is not a string is refused, even with --allow-unauthenticated", () => {
  for (const key of [null, 42, { secret: "x" }]) {
    assert.throws(
      () => readConnectionFile(file({ ...ports, key }), { allowUnauthenticated: true }),
      /"key" must be a string \(the HMAC signing key\)/,
    );
  }
});

test("an unknown signature_scheme is refused at start, naming the scheme", () => {
  for (const scheme of ["hmac-nonesuch", "rsa", ""]) {
    assert.throws(
      () => readConnectionFile(file({ ...ports, key: "k", signature_scheme: scheme })),
      new RegExp(`signature_scheme "${scheme}" is not supported`),
    );
  }
  assert.equal(readConnectionFile(file({ ...ports, key: "k", signature_scheme: "hmac-sha512" })).key, "k");
});

test("an empty key is accepted on loopback and refused on an address other machines reach", () => {
  assert.equal(readConnectionFile(file({ ...ports, key: "", ip: "127.0.0.1" })).key, "");
  for (const ip of ["0.0.0.0", "*", "192.168.1.5", "::"]) {
    assert.throws(() => readConnectionFile(file({ ...ports, key: "", ip })), /empty "key" on ip/);
  }
  assert.equal(readConnectionFile(file({ ...ports, key: "k", ip: "0.0.0.0" })).ip, "0.0.0.0");
});

test("loopback: 127.x.x.x, ::1, localhost and ipc", () => {
  assert.deepEqual(
    ["127.0.0.1", "127.1.2.3", "::1", "localhost", "0.0.0.0", "10.0.0.1", "127.0.0.1.evil.com"].map((ip) =>
      isLoopback({ transport: "tcp", ip }),
    ),
    [true, true, true, true, false, false, false],
  );
  assert.equal(isLoopback({ transport: "ipc", ip: "/run/kernel" }), true);
});
