/**
 * The kernel's zeromq sockets. The main thread binds shell and IOPub (`KernelSockets`); control, stdin and the
 * heartbeat live on their own thread (`side-thread.ts`) so they answer while a cell blocks the main thread. Sends on
 * a socket are serialized because zeromq.js allows one pending send per socket.
 */
import { Publisher, type Reply, Router, type Socket } from "zeromq";
import { type Channel, type ConnectionInfo, channelAddress } from "./connection.js";
import type { DigestHistory } from "./digest-history.js";
import { BadSignatureError, decode, encode, type Message, type Signer } from "./wire.js";

/**
 * One zeromq socket with an ordered send queue (zeromq.js allows one send in progress per socket). A send starts at
 * once, in the caller's turn, unless others wait or the socket is busy: output flushed as the process exits (a
 * cell's `process.exit()`) reaches zeromq before the event loop is gone.
 */
export class SerialSocket<S extends Socket & { send(frames: Buffer[]): Promise<void> }> {
  /** The last send handed to zeromq or queued: a queued send starts when it has settled. */
  #tail: Promise<void> = Promise.resolve();
  /** Sends queued and not yet handed to zeromq. */
  #waiting = 0;
  constructor(readonly socket: S) {}

  send(frames: Buffer[]): Promise<void> {
    if (this.#waiting === 0) {
      try {
        return this.#last(this.socket.send(frames));
      } catch (error) {
        // busy with a send still in progress: queue behind it
        if ((error as { code?: string }).code !== "EBUSY") return Promise.reject(error);
      }
    }
    this.#waiting++;
    return this.#last(
      this.#tail.then(() => {
        this.#waiting--;
        return this.socket.send(frames);
      }),
    );
  }

  #last(sent: Promise<void>): Promise<void> {
    this.#tail = sent.catch(() => {});
    return sent;
  }
}

/**
 * Calls `handle` for each correctly signed message from `socket`, in arrival order, without awaiting it; a forged,
 * replayed (its signature is in `digests`) or malformed message is reported to `drop` and never handled, and so is
 * a handler's exception. Ends only when the socket closes.
 */
export async function listenSigned(
  socket: Router,
  signer: Signer,
  digests: DigestHistory,
  handle: (message: Message) => void,
  drop: (why: string) => void,
): Promise<void> {
  try {
    for await (const frames of socket) {
      let message: Message;
      try {
        message = decode(frames, signer, digests);
      } catch (error) {
        drop(error instanceof BadSignatureError ? "bad signature" : String(error));
        continue;
      }
      try {
        handle(message);
      } catch (error) {
        drop(
          `its handler failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    }
  } catch {
    // closed on shutdown
  }
}

/** Echoes every heartbeat until the socket closes. */
export async function echoHeartbeats(socket: Reply): Promise<void> {
  try {
    for await (const frames of socket) await socket.send(frames);
  } catch {
    // closed on shutdown
  }
}

export class KernelSockets {
  readonly #signer: Signer;
  readonly #digests: DigestHistory;
  readonly #shell = new SerialSocket(new Router({ linger: 0 }));
  readonly #iopub = new SerialSocket(new Publisher({ linger: 0 }));
  readonly #log: (line: string) => void;
  /** Messages whose signature did not match: counted, logged once each, never run. */
  rejected = 0;

  private constructor(signer: Signer, digests: DigestHistory, log: (line: string) => void) {
    this.#signer = signer;
    this.#digests = digests;
    this.#log = log;
  }

  /**
   * Binds shell and IOPub; `digests` remembers the signatures received (replays are dropped); `log` receives the
   * kernel's own diagnostics (never a cell's output).
   */
  static async bind(
    info: ConnectionInfo,
    signer: Signer,
    digests: DigestHistory,
    log: (line: string) => void,
  ): Promise<KernelSockets> {
    const sockets = new KernelSockets(signer, digests, log);
    const all: [Channel, Socket & { bind(a: string): Promise<void> }][] = [
      ["shell", sockets.#shell.socket],
      ["iopub", sockets.#iopub.socket],
    ];
    await Promise.all(all.map(([channel, socket]) => socket.bind(channelAddress(info, channel))));
    return sockets;
  }

  /** Calls `handle` for each correctly signed shell message, in arrival order, without awaiting it. */
  listen(handle: (message: Message) => void): Promise<void> {
    return listenSigned(this.#shell.socket, this.#signer, this.#digests, handle, (why) => {
      this.rejected++;
      this.#log(`dropped a message on shell (${why})`);
    });
  }

  send(message: Message<unknown>): Promise<void> {
    return this.#shell.send(encode(message, this.#signer));
  }

  publish(message: Message<unknown>): Promise<void> {
    const topic = Buffer.from(`kernel.${message.header.msg_type}`);
    return this.#iopub.send(encode({ ...message, identities: [topic] }, this.#signer));
  }

  close(): void {
    this.#shell.socket.close();
    this.#iopub.socket.close();
  }
}
