/**
 * A Jupyter client over zeromq, as a frontend is one: starts a kernel process with a connection file on free ports
 * (the explr kernel by default, any kernelspec argv otherwise), sends requests, collects IOPub outputs until idle,
 * answers nothing on stdin by itself, shuts the kernel down. Used by `explr run` and by the kernel's tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Dealer, Request, Subscriber } from "zeromq";
import { kernelSpec } from "../kernel/kernelspec.js";
import { EXIT_WITH_STDIN } from "../kernel/parent-watch.js";
import type { ConnectionInfo } from "../kernel/protocol/connection.js";
import { channelAddress } from "../kernel/protocol/connection.js";
import { decode, encode, type Message, reply, Signer } from "../kernel/protocol/wire.js";
import { cliPath } from "../src/cli/path.js";

/** The command line of the explr kernel, as its kernelspec writes it. */
export const explrArgv = (connectionFile: string): string[] =>
  kernelSpec(cliPath).argv.map((arg) => (arg === "{connection_file}" ? connectionFile : arg));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(address)));
    });
  });
}

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
  /** The IOPub messages received so far, in order, by their parent's msg_id ("" for none): lookups stay cheap in
   * long runs (a bench sends thousands of cells). */
  readonly #published = new Map<string, Message[]>();
  /** Milliseconds from `start` to the first kernel_info_reply (IOPub may still be connecting then). */
  answeredMs: number | undefined;
  readonly #replies = new Map<string, (m: Message) => void>();
  readonly #waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly stdinRequests: Message[] = [];
  /** Settles when the kernel process exits, with how it ended. */
  readonly #exit: Promise<string>;

  private constructor(
    readonly info: ConnectionInfo,
    readonly process: ChildProcess,
    readonly stderr: string[],
    /** The connection file (it holds the signing key): removed with its folder by close(). */
    readonly connectionFile: string,
  ) {
    this.signer = new Signer(info.key, info.signature_scheme);
    this.#exit = new Promise((resolve) =>
      process.once("exit", (code, signal) => resolve(signal ?? `code ${code}`)),
    );
    // jupyter_client gives shell and stdin the same identity: the kernel answers input on that route
    this.stdin = new Dealer({ routingId: this.shell.routingId ?? undefined, linger: 0 });
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
    const ports = await Promise.all([1, 2, 3, 4, 5].map(freePort));
    const info: ConnectionInfo = {
      transport: "tcp",
      ip: "127.0.0.1",
      key: randomBytes(16).toString("hex"),
      signature_scheme: "hmac-sha256",
      shell_port: ports[0],
      control_port: ports[1],
      iopub_port: ports[2],
      stdin_port: ports[3],
      hb_port: ports[4],
    };
    // The key is readable by this user only: a private folder (mkdtemp makes it 0700) and a 0600 file
    const file = path.join(mkdtempSync(path.join(tmpdir(), "explr-conn-")), "kernel.json");
    writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
    const [command, ...args] = argv(file);
    // stdin is a pipe this process holds open and never writes: the kernel ends when it closes (explr's kernel by
    // EXIT_WITH_STDIN, others like ipykernel by Jupyter's JPY_PARENT_PID)
    const child = spawn(command, args, {
      cwd,
      env: { ...env, [EXIT_WITH_STDIN]: "1", JPY_PARENT_PID: String(process.pid) },
      stdio: ["pipe", "ignore", "pipe"],
    });
    child.stdin?.on("error", () => {}); // the kernel may end first
    const stderr: string[] = [];
    child.stderr?.on("data", (chunk) => stderr.push(String(chunk)));
    const client = new KernelClient(info, child, stderr, file);
    if (!KernelClient.#exitHooked) {
      KernelClient.#exitHooked = true;
      process.on("exit", () => KernelClient.killAll());
    }
    KernelClient.#open.add(client);
    client.shell.connect(channelAddress(info, "shell"));
    client.control.connect(channelAddress(info, "control"));
    client.stdin.connect(channelAddress(info, "stdin"));
    client.iopub.connect(channelAddress(info, "iopub"));
    client.iopub.subscribe();
    client.heartbeat.connect(channelAddress(info, "hb"));
    void client.#read(client.shell);
    void client.#read(client.control);
    void client.#read(client.stdin, (m) => client.stdinRequests.push(m));
    void client.#read(client.iopub, (m) => client.#record(m));
    // zeromq holds a request until the kernel has bound its socket; some kernels drop one sent too early, so
    // ask again every two seconds until one is answered. The kernel counts as started once IOPub has carried an
    // answer's idle status too: a subscriber that connected after the kernel published misses those messages
    // (zeromq's "slow joiner"), and a first cell would then wait forever for its idle; so after the first
    // reply, ask again every 20 ms until an idle arrives
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`kernel exited (${code}): ${stderr.join("")}`))),
    );
    exited.catch(() => {});
    let again: NodeJS.Timeout | undefined;
    const ready = new Promise<void>((resolve) => {
      const ask = () => {
        const request = client.message("kernel_info_request", {});
        again = setTimeout(ask, client.answeredMs === undefined ? 2000 : 20);
        client
          .send(request)
          .then(() => {
            if (client.answeredMs === undefined) {
              client.answeredMs = performance.now() - began;
              clearTimeout(again);
              again = setTimeout(ask, 20);
            }
            return client.idle(request).then(() => resolve());
          })
          .catch(() => {}); // the kernel exited: `exited` reports it
      };
      ask();
    });
    try {
      await Promise.race([ready, exited]);
    } catch (error) {
      client.close(); // its sockets and connection file go too
      throw error;
    } finally {
      clearTimeout(again);
    }
    return client;
  }

  async #read(socket: Dealer | Subscriber, also?: (m: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const message = decode(frames, this.signer);
        also?.(message);
        const parentId = (message.parent_header as { msg_id?: string }).msg_id;
        const answered =
          message.header.msg_type.endsWith("_reply") && parentId && this.#replies.get(parentId);
        if (answered) {
          this.#replies.delete(parentId);
          answered(message);
        }
        for (const waiter of [...this.#waiters]) {
          if (waiter.test(message)) {
            this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
        }
      }
    } catch {
      // closed
    }
  }

  #record(message: Message): void {
    const parentId = (message.parent_header as { msg_id?: string }).msg_id ?? "";
    const list = this.#published.get(parentId);
    if (list) list.push(message);
    else this.#published.set(parentId, [message]);
  }

  /** Every IOPub message received so far with `parent` as its parent, status included, in order. */
  publishedFor(parent: Message<unknown>): Message[] {
    return this.#published.get(parent.header.msg_id) ?? [];
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
    const answered = new Promise<Message>((resolve) => this.#replies.set(message.header.msg_id, resolve));
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
    return new Promise((resolve) => this.#waiters.push({ test, resolve }));
  }

  /** Resolves when the kernel has published idle for `parent`: all of its outputs have arrived. */
  idle(parent: Message<unknown>): Promise<Message> {
    const isIdle = (m: Message) =>
      m.header.msg_type === "status" &&
      m.content.execution_state === "idle" &&
      (m.parent_header as { msg_id?: string }).msg_id === parent.header.msg_id;
    const already = this.publishedFor(parent).find(isIdle);
    return already ? Promise.resolve(already) : this.next(isIdle);
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
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill("SIGKILL");
    this.process.stdin?.destroy();
    rmSync(path.dirname(this.connectionFile), { recursive: true, force: true });
  }
}
