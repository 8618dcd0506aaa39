/**
 * The connection file Jupyter writes for a kernel: ports, transport and the signing key. A kernel whose messages
 * anyone can forge runs anyone's code, so a file that would leave the kernel unauthenticated by accident (no key,
 * a key that is not a string, a scheme the kernel cannot check) is refused, and so is an empty key on an address
 * other machines can reach.
 */
import { readFileSync } from "node:fs";
import { Signer } from "./wire.js";

export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
}

export type Channel = "shell" | "control" | "iopub" | "stdin" | "hb";

export interface ConnectionOptions {
  /** Accept a file without a key (then messages are not signed), on a loopback address only. */
  allowUnauthenticated?: boolean;
}

/** Reads and checks a connection file (JSON, as written by jupyter_client). */
export function readConnectionFile(path: string, options: ConnectionOptions = {}): ConnectionInfo {
  const info = JSON.parse(readFileSync(path, "utf8")) as Partial<Record<keyof ConnectionInfo, unknown>>;
  for (const field of ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"] as const) {
    if (typeof info[field] !== "number") {
      throw new TypeError(`connection file ${path}: "${field}" must be a port number, got ${info[field]}`);
    }
  }
  for (const field of ["transport", "ip", "signature_scheme"] as const) {
    if (info[field] !== undefined && typeof info[field] !== "string") {
      throw new TypeError(
        `connection file ${path}: "${field}" must be a string, got ${JSON.stringify(info[field])}`,
      );
    }
  }
  const checked = {
    ...(info as Omit<ConnectionInfo, "transport" | "ip" | "key" | "signature_scheme">),
    transport: (info.transport as string | undefined) ?? "tcp",
    ip: (info.ip as string | undefined) ?? "127.0.0.1",
    key: checkedKey(path, info.key, options),
    signature_scheme: (info.signature_scheme as string | undefined) ?? "hmac-sha256",
  };
  try {
    new Signer(checked.key, checked.signature_scheme);
  } catch (error) {
    throw new RangeError(`connection file ${path}: ${(error as Error).message}`);
  }
  if (checked.key === "" && !isLoopback(checked)) {
    throw new RangeError(
      `connection file ${path}: an empty "key" on ip "${checked.ip}" would let anyone who reaches that address ` +
        'run code in this kernel. Put a random key in the file (jupyter_client writes one), or use "ip": "127.0.0.1".',
    );
  }
  return checked;
}

function checkedKey(path: string, key: unknown, options: ConnectionOptions): string {
  if (typeof key === "string") return key;
  if (key === undefined && options.allowUnauthenticated) return "";
  if (key === undefined) {
    throw new RangeError(
      `connection file ${path} has no "key": the kernel would run unsigned messages from anyone who can reach ` +
        'its ports. Put a random key in the file (jupyter_client writes one: "key": "<a uuid>"), or, for a ' +
        "kernel on 127.0.0.1 that should not check signatures, start it with --allow-unauthenticated.",
    );
  }
  throw new TypeError(
    `connection file ${path}: "key" must be a string (the HMAC signing key), got ${JSON.stringify(key)}. ` +
      "Put a random key in the file (jupyter_client writes one).",
  );
}

/** Whether only this machine can reach the kernel: ipc (a socket file), or tcp on a loopback address. */
export function isLoopback(info: Pick<ConnectionInfo, "transport" | "ip">): boolean {
  if (info.transport === "ipc") return true;
  return info.ip === "localhost" || info.ip === "::1" || /^127\.\d+\.\d+\.\d+$/.test(info.ip);
}

/** The zeromq address of a channel: `tcp://127.0.0.1:5555`, or `ipc://path-5555` for the ipc transport. */
export function channelAddress(info: ConnectionInfo, channel: Channel): string {
  const port = info[`${channel}_port`];
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `${info.transport}://${info.ip}:${port}`;
}
