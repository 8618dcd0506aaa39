/** The connection file Jupyter writes for a kernel: ports, transport and the signing key. */
import { readFileSync } from "node:fs";

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

/** Reads and checks a connection file (JSON, as written by jupyter_client). */
export function readConnectionFile(path: string): ConnectionInfo {
  const info = JSON.parse(readFileSync(path, "utf8")) as Partial<ConnectionInfo>;
  for (const field of ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"] as const) {
    if (typeof info[field] !== "number") {
      throw new TypeError(`connection file ${path}: "${field}" must be a port number, got ${info[field]}`);
    }
  }
  return {
    transport: info.transport ?? "tcp",
    ip: info.ip ?? "127.0.0.1",
    key: info.key ?? "",
    signature_scheme: info.signature_scheme ?? "hmac-sha256",
    ...(info as Required<
      Pick<ConnectionInfo, "shell_port" | "control_port" | "iopub_port" | "stdin_port" | "hb_port">
    >),
  };
}

/** The zeromq address of a channel: `tcp://127.0.0.1:5555`, or `ipc://path-5555` for the ipc transport. */
export function channelAddress(info: ConnectionInfo, channel: Channel): string {
  const port = info[`${channel}_port`];
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `${info.transport}://${info.ip}:${port}`;
}
