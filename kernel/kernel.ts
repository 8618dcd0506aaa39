/**
 * The message dispatch: one handler per request type, shell requests run one at a time in arrival order,
 * control requests (interrupt, shutdown) are answered at once. Evaluation is behind the `Engine` seam.
 */
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { displaySinkSymbol } from "../src/display.js";
import { cellSignalSymbol } from "../src/interrupt.js";
import { kernelSymbol, type NotebookKernel } from "./cell-api.js";
import { bundleOf, CellOutputs } from "./cell-outputs.js";
import { CommManager } from "./comms.js";
import type { Engine, ErrorOutcome, Outcome } from "./engine.js";
import { History, type HistoryQuery } from "./history.js";
import { fromCodePoints, toCodePoints } from "./positions.js";
import { type Message, protocolVersion, reply } from "./protocol/wire.js";

/** What the kernel needs from its transport: the sockets, or a fake in tests. */
export interface Transport {
  send(channel: "shell" | "control" | "stdin", message: Message<unknown>): Promise<void>;
  publish(message: Message<unknown>): Promise<void>;
  /** Sends an input_request and blocks until its answer; absent where nothing can answer while the thread blocks. */
  askBlocking?(request: Message<unknown>): string;
}

type Content = Record<string, unknown>;
type Handler = (message: Message, channel: "shell" | "control") => Promise<Content | undefined>;

interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

const packageVersion: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;

/** How long a failed cell waits for requests already on their way before it aborts them. */
const stopOnErrorWindowMs = 50;

export class Kernel {
  readonly #transport: Transport;
  readonly #loadEngine: () => Engine;
  #engine: Engine | undefined;
  readonly session: string;
  readonly #history: History;
  readonly #outputs: CellOutputs;
  readonly #comms: CommManager;
  #executionCount = 0;
  /** Shell requests wait here, numbered in arrival order. */
  readonly #queue: { seq: number; message: Message }[] = [];
  #received = 0;
  #draining = false;
  /** execute_requests numbered up to this arrived before a failed cell asked to stop on error: they are aborted. */
  #abortThrough = 0;
  #payloads: Content[] = [];
  #pendingInput: { resolve(value: string): void; reject(error: Error): void } | undefined;
  #currentExecute: Message | undefined;
  /** Aborted by an interrupt: the signal of the running (or last) cell, which long work started there watches. */
  #cellAbort = new AbortController();
  /** Called after shutdown_request has been answered. */
  onShutdown: (restart: boolean) => void = () => {};

  /** `history` holds earlier sessions and persists this one (`HistoryFile`); by default it lives in memory. */
  constructor(transport: Transport, loadEngine: () => Engine, session: string, history = new History()) {
    this.#transport = transport;
    this.#history = history;
    this.#loadEngine = loadEngine;
    this.session = session;
    this.#outputs = new CellOutputs((type, content, parent) => this.#publish(type, content, parent));
    this.#comms = new CommManager((type, content) => this.#publish(type, content, this.#outputs.parent));
  }

  /** Makes `display()`, `clearOutput()` and `explr/kernel` reach this kernel, and routes console output. */
  registerGlobals(): void {
    const globals = globalThis as Record<symbol, unknown>;
    globals[displaySinkSymbol] = this.#outputs;
    globals[cellSignalSymbol] = () => this.#cellAbort.signal;
    const services: NotebookKernel = {
      input: (prompt, password) => this.#requestInput(prompt, password),
      prompt: (prompt, password) => this.#requestInputBlocking(prompt, password),
      page: (data) => this.#payloads.push({ source: "page", data, start: 0 }),
      registerCommTarget: (name, target) => this.#comms.registerTarget(name, target),
      openComm: (target, data) => this.#comms.open(target, data),
    };
    globals[kernelSymbol] = services;
    this.#outputs.captureProcessStreams();
  }

  /** The engine, created on first need (the TypeScript compiler takes a while to load). */
  get engine(): Engine {
    this.#engine ??= this.#loadEngine();
    return this.#engine;
  }

  /** Builds the engine now unless it exists (called when the kernel is otherwise idle). */
  warmUp(): void {
    void this.engine;
  }

  receive(message: Message, channel: "shell" | "control" | "stdin"): void {
    if (channel === "stdin") {
      this.#receiveInput(message);
    } else if (channel === "control") {
      void this.#serve(message, "control");
    } else {
      this.#queue.push({ seq: ++this.#received, message });
      void this.#drain();
    }
  }

  /** Interrupts the running cell (SIGINT or interrupt_request); the kernel and its variables stay. */
  interrupt(): void {
    this.#cellAbort.abort(Object.assign(new Error("the cell was interrupted"), { name: "Interrupted" }));
    this.#engine?.interrupt();
    this.#pendingInput?.reject(Object.assign(new Error("input interrupted"), { name: "Interrupted" }));
    this.#pendingInput = undefined;
  }

  /** Publishes the status around an interrupt_request that the side thread has already answered. */
  async interruptAnswered(message: Message): Promise<void> {
    await this.#publish("status", { execution_state: "busy" }, message);
    await this.#publish("status", { execution_state: "idle" }, message);
  }

  /** Writes to the last cell's stderr: for errors nobody awaited (a rejected promise after the cell ended). */
  reportStray(error: unknown): void {
    this.#outputs.write("stderr", `${inspect(error)}\n`);
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        await this.#serve(next.message, "shell", next.seq);
      }
    } finally {
      this.#draining = false;
    }
  }

  async #serve(message: Message, channel: "shell" | "control", seq = 0): Promise<void> {
    const type = message.header.msg_type;
    await this.#publish("status", { execution_state: "busy" }, message);
    try {
      const handler = this.#handlers[type];
      let content: Content | undefined;
      if (type === "execute_request" && seq <= this.#abortThrough) {
        content = { status: "aborted", execution_count: this.#executionCount };
      } else if (handler) {
        content = await handler(message, channel);
      } else {
        content = undefined; // unknown requests get no reply, as the protocol allows
      }
      if (content) {
        await this.#transport.send(
          channel,
          reply(message, type.replace(/_request$/, "_reply"), content, this.session),
        );
      }
    } finally {
      this.#outputs.flush();
      await this.#publish("status", { execution_state: "idle" }, message);
    }
    if (type === "kernel_info_request") setImmediate(() => this.warmUp());
    if (type === "shutdown_request") this.onShutdown(Boolean(message.content.restart));
  }

  #publish(type: string, content: Content, parent: Message | undefined): Promise<void> {
    return this.#transport.publish(reply(parent, type, content, this.session, []));
  }

  readonly #handlers: Record<string, Handler> = {
    kernel_info_request: async () => this.#kernelInfo(),
    execute_request: async (message) => this.#execute(message),
    complete_request: async (message) => {
      const { code, cursor_pos } = message.content as { code: string; cursor_pos: number };
      const found = this.engine.complete(code, fromCodePoints(code, cursor_pos));
      return {
        status: "ok",
        matches: found.matches,
        cursor_start: toCodePoints(code, found.start),
        cursor_end: toCodePoints(code, found.end),
        metadata: {},
      };
    },
    inspect_request: async (message) => {
      const { code, cursor_pos } = message.content as { code: string; cursor_pos: number };
      const text = this.engine.inspect(code, fromCodePoints(code, cursor_pos));
      return {
        status: "ok",
        found: text !== undefined,
        data: text ? { "text/plain": text } : {},
        metadata: {},
      };
    },
    is_complete_request: async (message) => this.engine.isComplete(String(message.content.code)),
    history_request: async (message) => ({
      status: "ok",
      history: this.#history.query(message.content as unknown as HistoryQuery),
    }),
    comm_info_request: async (message) => ({
      status: "ok",
      comms: this.#comms.info(message.content.target_name as string | undefined),
    }),
    comm_open: async (message) => {
      this.#outputs.parent = message;
      this.#comms.handleOpen(message.content as { comm_id: string; target_name: string });
      return undefined;
    },
    comm_msg: async (message) => {
      this.#outputs.parent = message;
      this.#comms.handleMessage(message.content as { comm_id: string });
      return undefined;
    },
    comm_close: async (message) => {
      this.#comms.handleClose(message.content as { comm_id: string });
      return undefined;
    },
    interrupt_request: async () => {
      this.interrupt();
      return { status: "ok" };
    },
    shutdown_request: async (message) => ({ status: "ok", restart: Boolean(message.content.restart) }),
  };

  #kernelInfo(): Content {
    return {
      status: "ok",
      protocol_version: protocolVersion,
      implementation: "explr",
      implementation_version: packageVersion,
      language_info: {
        name: "typescript",
        version: "5.0",
        mimetype: "text/typescript",
        file_extension: ".ts",
        pygments_lexer: "typescript",
        codemirror_mode: { name: "javascript", typescript: true },
        nbconvert_exporter: "script",
      },
      banner: `explr ${packageVersion}: TypeScript on Node.js ${process.version}, with the explr library (import { ... } from "explr")`,
      help_links: [
        { text: "explr kernel", url: "https://www.npmjs.com/package/explr" },
        { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
        { text: "Node.js API", url: "https://nodejs.org/api/" },
      ],
      debugger: false,
    };
  }

  async #execute(message: Message): Promise<Content> {
    const request = message.content as unknown as ExecuteRequest;
    const silent = Boolean(request.silent);
    const storeHistory = !silent && request.store_history !== false;
    if (storeHistory) {
      this.#executionCount++;
      this.#history.add(this.#executionCount, request.code);
    }
    const count = this.#executionCount;
    if (!silent)
      await this.#publish("execute_input", { code: request.code, execution_count: count }, message);

    this.#outputs.flush();
    this.#outputs.parent = message;
    this.#currentExecute = message;
    this.#cellAbort = new AbortController();
    this.#payloads = [];
    let outcome: Outcome;
    try {
      outcome = await this.engine.execute(request.code, storeHistory ? count : undefined);
    } finally {
      this.#currentExecute = undefined;
    }
    this.#outputs.flush();

    if (outcome.status === "error") {
      if (!silent) await this.#publish("error", errorContent(outcome), message);
      if (request.stop_on_error !== false) {
        // Requests the client sent before it could see this error are "queued behind" it and must be aborted,
        // even those still in zeromq's buffers: wait a moment for them to arrive (ipykernel's
        // stop_on_error_timeout works the same way). The reply goes out after, so a client that waits for it
        // before sending the next cell is never aborted.
        await new Promise((resolve) => setTimeout(resolve, stopOnErrorWindowMs));
        this.#abortThrough = this.#received;
      }
      return { ...errorContent(outcome), status: "error", execution_count: count };
    }
    if (outcome.hasValue && !silent) {
      const shown = bundleOf(outcome.value);
      await this.#publish("execute_result", { execution_count: count, ...shown }, message);
      if (storeHistory) this.#history.setOutput(count, String(shown.data["text/plain"] ?? ""));
    }
    return {
      status: "ok",
      execution_count: count,
      payload: this.#payloads,
      user_expressions: await this.#userExpressions(request.user_expressions ?? {}),
    };
  }

  async #userExpressions(expressions: Record<string, string>): Promise<Content> {
    const results: Content = {};
    for (const [name, code] of Object.entries(expressions)) {
      const outcome = await this.engine.execute(code);
      results[name] =
        outcome.status === "error"
          ? { ...errorContent(outcome), status: "error" }
          : { status: "ok", ...bundleOf(outcome.hasValue ? outcome.value : undefined) };
    }
    return results;
  }

  #requestInput(prompt: string, password: boolean): Promise<string> {
    let request: Message<unknown>;
    try {
      request = this.#inputRequest(prompt, password);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.#pendingInput = { resolve, reject };
      void this.#transport.send("stdin", request);
    });
  }

  #requestInputBlocking(prompt: string, password: boolean): string {
    if (!this.#transport.askBlocking) {
      throw new Error("this kernel cannot block for input here; use `await input()` from explr/kernel");
    }
    try {
      return this.#transport.askBlocking(this.#inputRequest(prompt, password));
    } catch (error) {
      // woken by an interrupt: no SIGINT was raised, so stop the cell's other work here
      if ((error as Error).name === "Interrupted") this.#cellAbort.abort(error);
      throw error;
    }
  }

  /** The input_request for the running cell, or an error saying why none can be sent. */
  #inputRequest(prompt: string, password: boolean): Message<unknown> {
    const parent = this.#currentExecute ?? this.#outputs.parent;
    if (!parent || parent.content.allow_stdin === false) {
      throw new Error("this frontend does not accept input (its request had allow_stdin: false)");
    }
    if (this.#pendingInput) throw new Error("an input request is already waiting for an answer");
    this.#outputs.flush();
    return reply(parent, "input_request", { prompt, password }, this.session);
  }

  #receiveInput(message: Message): void {
    if (message.header.msg_type !== "input_reply" || !this.#pendingInput) return;
    const pending = this.#pendingInput;
    this.#pendingInput = undefined;
    pending.resolve(String(message.content.value ?? ""));
  }
}

function errorContent(outcome: ErrorOutcome): Content {
  return { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
}
