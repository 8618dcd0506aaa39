/**
 * A Jupyter client over zeromq, as a frontend is one: starts a kernel process with a connection file on free ports
 * (the explr kernel by default, any kernelspec argv otherwise), sends requests, collects IOPub outputs until idle,
 * answers nothing on stdin by itself, shuts the kernel down. Used by `explr run` and by the kernel's tests.
 * The process is launched by kernel-process.ts; what arrives is sorted by inbox.ts.
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Dealer, Request, Subscriber } from "zeromq";
import type { ConnectionInfo } from "../kernel/protocol/connection.js";
import { channelAddress } from "../kernel/protocol/connection.js";
import { decode, encode, type Message, reply, Signer } from "../kernel/protocol/wire.js";
import { Inbox } from "./inbox.js";
import { endKernel, explrArgv, type KernelProcess, launchKernel } from "./kernel-process.js";

export { explrArgv };

/**
 * One kernel and the sockets to it.
 *
 * @example
 * const client = await KernelClient.start(notebookDir);
 * const { reply, outputs } = await client.execute("1 + 1");
 * await client.shutdown();
 */
export class KernelClient {
  /** Clients not closed yet, so that a caller that gives up on one, or a process that ends, still ends its kernel. */
  static readonly #open = new Set<KernelClient>();
  static #exitHooked = false;

  /**
   * Ends every kernel these clients started and removes their connection files; done by itself when the process
   * exits (a signal handler's `process.exit`, an uncaught exception). A kernel outlives no SIGKILL of this
   * process either: it ends when its stdin, a pipe from here, closes (see kernel/parent-watch.ts).
   */
  static killAll(): void {
    for (const client of KernelClient.#open) client.close();
  }

  readonly session = randomUUID();
  readonly signer: Signer;
  readonly shell = new Dealer({ routingId: `shell-${randomUUID()}`, linger: 0 });
  readonly control = new Dealer({ linger: 0 });
  readonly stdin: Dealer;
  readonly iopub = new Subscriber({ linger: 0 });
  readonly heartbeat = new Request({ linger: 0, receiveTimeout: 5000 });
  readonly #inbox = new Inbox();
  /** Milliseconds from `start` to the first kernel_info_reply (IOPub may still be connecting then). */
  answeredMs: number | undefined;
  readonly stdinRequests: Message[] = [];
  readonly info: ConnectionInfo;
  readonly process: ChildProcess;
  readonly stderr: string[];
  /** The connection file (it holds the signing key): removed with its folder by close(). */
  readonly connectionFile: string;
  /** Settles when the kernel process exits, with how it ended. */
  readonly #exit: Promise<string>;

  private constructor(readonly kernel: KernelProcess) {
    ({
      info: this.info,
      process: this.process,
      stderr: this.stderr,
      connectionFile: this.connectionFile,
    } = kernel);
    this.signer = new Signer(this.info.key, this.info.signature_scheme);
    this.#exit = new Promise((resolve) =>
      this.process.once("exit", (code, signal) => resolve(signal ?? `code ${code}`)),
    );
    // jupyter_client gives shell and stdin the same identity: the kernel answers input on that route
    this.stdin = new Dealer({ routingId: this.shell.routingId ?? undefined, linger: 0 });
    if (!KernelClient.#exitHooked) {
      KernelClient.#exitHooked = true;
      process.on("exit", () => KernelClient.killAll());
    }
    KernelClient.#open.add(this);
  }

  /**
   * Starts a kernel in `cwd` (the notebook's directory) and connects to it; resolves once it has answered
   * kernel_info. `argv` makes the command line from the connection file's path (explr's by default); `env` is the
   * kernel's environment.
   */
  static async start(
    cwd: string = mkdtempSync(path.join(tmpdir(), "explr-nb-")),
    argv: (connectionFile: string) => string[] = explrArgv,
    env: NodeJS.ProcessEnv = process.env,
  ): Promise<KernelClient> {
    const began = performance.now();
    const client = new KernelClient(await launchKernel(cwd, argv, env));
    const { info } = client;
    client.shell.connect(channelAddress(info, "shell"));
    client.control.connect(channelAddress(info, "control"));
    client.stdin.connect(channelAddress(info, "stdin"));
    client.iopub.connect(channelAddress(info, "iopub"));
    client.iopub.subscribe();
    client.heartbeat.connect(channelAddress(info, "hb"));
    void client.#read(client.shell);
    void client.#read(client.control);
    void client.#read(client.stdin, (m) => client.stdinRequests.push(m));
    void client.#read(client.iopub, (m) => client.#inbox.record(m));
    try {
      await client.#answering(began);
    } catch (error) {
      client.close(); // its sockets and connection file go too
      throw error;
    }
    return client;
  }

  /** Resolves once the kernel answers on shell and IOPub (see below); rejects if it exits first. */
  async #answering(began: number): Promise<void> {
    // zeromq holds a request until the kernel has bound its socket; some kernels drop one sent too early, so
    // ask again every two seconds until one is answered. The kernel counts as started once IOPub has carried an
    // answer's idle status too: a subscriber that connected after the kernel published misses those messages
    // (zeromq's "slow joiner"), and a first cell would then wait forever for its idle; so after the first
    // reply, ask again every 20 ms until an idle arrives
    const exited = new Promise<never>((_, reject) =>
      this.process.once("exit", (code) =>
        reject(new Error(`kernel exited (${code}): ${this.stderr.join("")}`)),
      ),
    );
    exited.catch(() => {});
    let again: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve) => {
      const ask = () => {
        const request = this.message("kernel_info_request", {});
        again = setTimeout(ask, this.answeredMs === undefined ? 2000 : 20);
        this.send(request)
          .then(() => {
            if (this.answeredMs === undefined) {
              this.answeredMs = performance.now() - began;
              clearTimeout(again);
              again = setTimeout(ask, 20);
            }
            return this.idle(request).then(() => resolve());
          })
          .catch(() => {}); // the kernel exited: `exited` reports it
      };
      ask();
    });
    try {
      await Promise.race([ready, exited]);
    } finally {
      clearTimeout(again);
    }
  }

  async #read(socket: Dealer | Subscriber, also?: (m: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const message = decode(frames, this.signer);
        also?.(message);
        this.#inbox.receive(message);
      }
    } catch {
      // closed
    }
  }

  /** Every IOPub message received so far with `parent` as its parent, status included, in order. */
  publishedFor(parent: Message<unknown>): Message[] {
    return this.#inbox.publishedFor(parent);
  }

  message(msgType: string, content: Record<string, unknown>): Message<Record<string, unknown>> {
    const message = reply(undefined, msgType, content, this.session, []);
    message.header.username = "test";
    return message;
  }

  /** Sends a request and resolves with its reply. */
  request(
    msgType: string,
    content: Record<string, unknown>,
    channel: "shell" | "control" = "shell",
  ): Promise<Message> {
    return this.send(this.message(msgType, content), channel);
  }

  send(
    message: Message<Record<string, unknown>>,
    channel: "shell" | "control" | "stdin" = "shell",
  ): Promise<Message> {
    const answered = this.#inbox.replyTo(message.header.msg_id);
    const socket = channel === "shell" ? this.shell : channel === "control" ? this.control : this.stdin;
    void socket.send(encode(message, this.signer));
    // a kernel that dies never answers: fail the request instead of waiting forever
    const died = this.#exit.then((how) => {
      throw new Error(`the kernel exited (${how}) before answering: ${this.stderr.join("").trim()}`);
    });
    return Promise.race([answered, died]);
  }

  /** Resolves with the next message (from now on) that passes `test`, on any channel. */
  next(test: (m: Message) => boolean): Promise<Message> {
    return this.#inbox.next(test);
  }

  /** Resolves when the kernel has published idle for `parent`: all of its outputs have arrived. */
  idle(parent: Message<unknown>): Promise<Message> {
    return this.#inbox.idle(parent);
  }

  /** The IOPub messages caused by `parent`, without the status messages. */
  outputsOf(parent: Message<unknown>): Message[] {
    return this.publishedFor(parent).filter((m) => m.header.msg_type !== "status");
  }

  /** Executes `code`; resolves with the reply and the cell's outputs once the kernel is idle again. */
  async execute(
    code: string,
    options: Record<string, unknown> = {},
  ): Promise<{ reply: Message; outputs: Message[] }> {
    const message = this.message("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: true,
      stop_on_error: true,
      ...options,
    });
    const answer = await this.send(message);
    await this.idle(message);
    return {
      reply: answer,
      outputs: this.outputsOf(message).filter((m) => m.header.msg_type !== "execute_input"),
    };
  }

  /** Waits for the kernel process to exit; resolves with its exit code. */
  exited(): Promise<number | null> {
    if (this.process.exitCode !== null) return Promise.resolve(this.process.exitCode);
    return new Promise((resolve) => this.process.once("exit", (code) => resolve(code)));
  }

  /** Asks the kernel to shut down (control channel), waits up to `graceMs` for it to exit, then closes. */
  async shutdown(graceMs = 5000): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = this.exited();
      void this.request("shutdown_request", { restart: false }, "control").catch(() => {});
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    }
    this.close();
  }

  /** Closes the sockets, kills the kernel if it still runs and removes its connection file; synchronous. */
  close(): void {
    KernelClient.#open.delete(this);
    for (const socket of [this.shell, this.control, this.stdin, this.iopub, this.heartbeat]) socket.close();
    endKernel(this.kernel);
  }
}
