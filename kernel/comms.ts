/**
 * Comms: bidirectional channels between a frontend widget and kernel code (comm_open, comm_msg, comm_close,
 * comm_info). Kernel code registers targets by name; either side may open a comm. Knows nothing of sockets: it
 * sends through the `send` function it is given.
 */
import { randomUUID } from "node:crypto";

export type CommData = Record<string, unknown>;

/**
 * Sends `comm_open` / `comm_msg` / `comm_close` with this content to the frontend; `metadata` is the message's (where
 * ipykernel puts a comm_open's metadata, and where widget managers read the widget protocol version).
 */
export type CommSend = (
  msgType: "comm_open" | "comm_msg" | "comm_close",
  content: CommData,
  metadata?: CommData,
) => void;

export class Comm {
  #closed = false;
  #onMessage: (data: CommData) => void = () => {};
  #onClose: (data: CommData) => void = () => {};

  constructor(
    readonly commId: string,
    readonly targetName: string,
    private readonly sendToFrontend: CommSend,
    private readonly forget: (commId: string) => void,
  ) {}

  send(data: CommData = {}): void {
    if (this.#closed) throw new Error(`comm ${this.commId} (${this.targetName}) is closed: open a new one`);
    this.sendToFrontend("comm_msg", { comm_id: this.commId, data });
  }

  close(data: CommData = {}): void {
    if (this.#closed) return;
    this.sendToFrontend("comm_close", { comm_id: this.commId, data });
    this.closedByFrontend(data);
  }

  onMessage(handler: (data: CommData) => void): void {
    this.#onMessage = handler;
  }

  onClose(handler: (data: CommData) => void): void {
    this.#onClose = handler;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** @internal */
  received(data: CommData): void {
    this.#onMessage(data);
  }

  /** @internal */
  closedByFrontend(data: CommData): void {
    this.#closed = true;
    this.forget(this.commId);
    this.#onClose(data);
  }
}

/** Called when the frontend opens a comm to a target; `data` is the comm_open's data. */
export type CommTarget = (comm: Comm, data: CommData) => void;

export class CommManager {
  readonly #targets = new Map<string, CommTarget>();
  readonly #comms = new Map<string, Comm>();

  constructor(readonly send: CommSend) {}

  registerTarget(name: string, target: CommTarget): void {
    this.#targets.set(name, target);
  }

  unregisterTarget(name: string): void {
    this.#targets.delete(name);
  }

  /** Opens a comm from the kernel side to a frontend target; `metadata` goes in the comm_open message's metadata. */
  open(targetName: string, data: CommData = {}, metadata: CommData = {}): Comm {
    const comm = this.#create(randomUUID(), targetName);
    this.send("comm_open", { comm_id: comm.commId, target_name: targetName, data }, metadata);
    return comm;
  }

  /** comm_open from the frontend: an unknown target gets a comm_close back, as ipykernel does. */
  handleOpen(content: { comm_id: string; target_name: string; data?: CommData }): void {
    const target = this.#targets.get(content.target_name);
    if (!target) {
      this.send("comm_close", { comm_id: content.comm_id, data: {} });
      return;
    }
    target(this.#create(content.comm_id, content.target_name), content.data ?? {});
  }

  handleMessage(content: { comm_id: string; data?: CommData }): void {
    this.#comms.get(content.comm_id)?.received(content.data ?? {});
  }

  handleClose(content: { comm_id: string; data?: CommData }): void {
    this.#comms.get(content.comm_id)?.closedByFrontend(content.data ?? {});
  }

  /** comm_info_reply's `comms`: open comms, optionally only those of one target. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const comms: Record<string, { target_name: string }> = {};
    for (const comm of this.#comms.values()) {
      if (targetName === undefined || comm.targetName === targetName) {
        comms[comm.commId] = { target_name: comm.targetName };
      }
    }
    return comms;
  }

  #create(commId: string, targetName: string): Comm {
    const comm = new Comm(commId, targetName, this.send, (id) => this.#comms.delete(id));
    this.#comms.set(commId, comm);
    return comm;
  }
}
