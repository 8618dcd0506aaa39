/**
 * The kernel's five zeromq sockets, bound to the connection file's ports. Sends on a socket are serialized
 * because zeromq.js allows one pending send per socket; the heartbeat echoes on its own.
 */
import { Publisher, Reply, Router, type Socket } from "zeromq";
import { type Channel, type ConnectionInfo, channelAddress } from "./connection.js";
import { BadSignatureError, decode, encode, type Message, type Signer } from "./wire.js";

type Receivable = "shell" | "control" | "stdin";

/** One zeromq socket with an ordered send queue. */
class SerialSocket<S extends Socket & { send(frames: Buffer[]): Promise<void> }> {
  #tail: Promise<void> = Promise.resolve();
  constructor(readonly socket: S) {}

  send(frames: Buffer[]): Promise<void> {
    this.#tail = this.#tail.then(
      () => this.socket.send(frames),
      () => this.socket.send(frames),
    );
    return this.#tail;
  }
}

export class KernelSockets {
  readonly #signer: Signer;
  readonly #routers: Record<Receivable, SerialSocket<Router>>;
  readonly #iopub: SerialSocket<Publisher>;
  readonly #heartbeat = new Reply({ linger: 0 });
  /** Messages whose signature did not match: counted, logged once each, never run. */
  rejected = 0;

  readonly #log: (line: string) => void;

  private constructor(signer: Signer, log: (line: string) => void) {
    this.#signer = signer;
    this.#log = log;
    this.#routers = {
      shell: new SerialSocket(new Router({ linger: 0 })),
      control: new SerialSocket(new Router({ linger: 0 })),
      stdin: new SerialSocket(new Router({ linger: 0 })),
    };
    this.#iopub = new SerialSocket(new Publisher({ linger: 0 }));
  }

  /** Binds all channels; `log` receives the kernel's own diagnostics (never a cell's output). */
  static async bind(
    info: ConnectionInfo,
    signer: Signer,
    log: (line: string) => void,
  ): Promise<KernelSockets> {
    const sockets = new KernelSockets(signer, log);
    const all: [Channel, Socket & { bind(a: string): Promise<void> }][] = [
      ["shell", sockets.#routers.shell.socket],
      ["control", sockets.#routers.control.socket],
      ["stdin", sockets.#routers.stdin.socket],
      ["iopub", sockets.#iopub.socket],
      ["hb", sockets.#heartbeat],
    ];
    await Promise.all(all.map(([channel, socket]) => socket.bind(channelAddress(info, channel))));
    sockets.#echoHeartbeats();
    return sockets;
  }

  async #echoHeartbeats(): Promise<void> {
    try {
      for await (const frames of this.#heartbeat) await this.#heartbeat.send(frames);
    } catch {
      // closed on shutdown
    }
  }

  /** Calls `handle` for each correctly signed message on `channel`, in arrival order, without awaiting it. */
  async listen(channel: Receivable, handle: (message: Message) => void): Promise<void> {
    try {
      for await (const frames of this.#routers[channel].socket) {
        let message: Message;
        try {
          message = decode(frames, this.#signer);
        } catch (error) {
          this.rejected++;
          const why = error instanceof BadSignatureError ? "bad signature" : String(error);
          this.#log(`dropped a message on ${channel} (${why})`);
          continue;
        }
        handle(message);
      }
    } catch {
      // closed on shutdown
    }
  }

  send(channel: Receivable, message: Message<unknown>): Promise<void> {
    return this.#routers[channel].send(encode(message, this.#signer));
  }

  publish(message: Message<unknown>): Promise<void> {
    const topic = Buffer.from(`kernel.${message.header.msg_type}`);
    return this.#iopub.send(encode({ ...message, identities: [topic] }, this.#signer));
  }

  close(): void {
    for (const socket of [...Object.values(this.#routers).map((s) => s.socket), this.#iopub.socket]) {
      socket.close();
    }
    this.#heartbeat.close();
  }
}
