/**
 * The message dispatch: one handler per request type, shell requests run one at a time in arrival order,
 * control requests (interrupt, shutdown) are answered at once. Evaluation is behind the `Engine` seam.
 */
import { displaySinkSymbol } from "../src/display.js";
import { cellSignalSymbol } from "../src/interrupt.js";
import { kernelSymbol, type NotebookKernel } from "./cell-api.js";
import { CellOutputs } from "./cell-outputs.js";
import { CellRunner } from "./cell-runner.js";
import { CommManager } from "./comms.js";
import { type Engine, errorOutcome } from "./engine.js";
import { History, type HistoryQuery } from "./history.js";
import { InputRequests } from "./input-requests.js";
import { kernelInfo } from "./kernel-info.js";
import { fromCodePoints, toCodePoints } from "./positions.js";
import { type Message, reply } from "./protocol/wire.js";
import { contentOf, cursorField, stringField } from "./request-fields.js";
import { describeValue } from "./safe-render.js";

/** What the kernel needs from its transport: the sockets, or a fake in tests. */
export interface Transport {
  send(channel: "shell" | "control" | "stdin", message: Message<unknown>): Promise<void>;
  publish(message: Message<unknown>): Promise<void>;
  /** Sends an input_request and blocks until its answer; absent where nothing can answer while the thread blocks. */
  askBlocking?(request: Message<unknown>): string;
}

type Content = Record<string, unknown>;
type Handler = (message: Message, channel: "shell" | "control") => Promise<Content | undefined>;

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
  readonly #cells: CellRunner;
  /** Shell requests wait here, numbered in arrival order. */
  readonly #queue: { seq: number; message: Message }[] = [];
  #received = 0;
  #draining = false;
  /** execute_requests numbered up to this arrived before a failed cell asked to stop on error: they are aborted. */
  #abortThrough = 0;
  readonly #input: InputRequests;
  /** Called after shutdown_request has been answered. */
  onShutdown: (restart: boolean) => void = () => {};
  /** The kernel's own diagnostics (a malformed request, a failed send): the process's stderr, never a cell's. */
  log: (line: string) => void = () => {};

  /** `history` holds earlier sessions and persists this one (`HistoryFile`); by default it lives in memory. */
  constructor(transport: Transport, loadEngine: () => Engine, session: string, history = new History()) {
    this.#transport = transport;
    this.#history = history;
    this.#loadEngine = loadEngine;
    this.session = session;
    this.#outputs = new CellOutputs((type, content, parent) => this.#publish(type, content, parent));
    this.#comms = new CommManager((type, content, metadata) =>
      this.#publish(type, content, this.#outputs.parent, metadata),
    );
    this.#cells = new CellRunner(
      () => this.engine,
      history,
      this.#outputs,
      (type, content, parent) => this.#publish(type, content, parent),
    );
    this.#input = new InputRequests(transport, session, {
      parent: () => this.#cells.running ?? this.#outputs.parent,
      flush: () => this.#outputs.flush(),
      abort: (reason) => this.#cells.abort(reason),
    });
  }

  /** Makes `display()`, `clearOutput()` and `explr/kernel` reach this kernel, and routes console output. */
  registerGlobals(): void {
    const globals = globalThis as Record<symbol, unknown>;
    globals[displaySinkSymbol] = this.#outputs;
    globals[cellSignalSymbol] = () => this.#cells.signal;
    const services: NotebookKernel = {
      input: (prompt, password) => this.#input.ask(prompt, password),
      prompt: (prompt, password) => this.#input.askBlocking(prompt, password),
      page: (data) => this.#cells.addPayload({ source: "page", data, start: 0 }),
      registerCommTarget: (name, target) => this.#comms.registerTarget(name, target),
      openComm: (target, data, metadata) => this.#comms.open(target, data, metadata),
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
      try {
        this.#input.receive(message);
      } catch (error) {
        this.log(`dropped a message on stdin (${describeValue(error)})`);
      }
    } else if (channel === "control") {
      void this.#serve(message, "control");
    } else {
      this.#queue.push({ seq: ++this.#received, message });
      void this.#drain();
    }
  }

  /** Interrupts the running cell (SIGINT or interrupt_request); the kernel and its variables stay. */
  interrupt(): void {
    this.#cells.abort(Object.assign(new Error("the cell was interrupted"), { name: "Interrupted" }));
    this.#engine?.interrupt();
    this.#input.interrupt();
  }

  /**
   * The heap reached its limit where the heap guard could not stop the code (after an await): the running cell is
   * interrupted, its signal aborted with `error` (the engine's reply says it); with none running (a timer of an
   * earlier cell), the last cell's stderr says it.
   */
  outOfMemory(error: Error): void {
    if (this.#cells.running) this.#cells.abort(error);
    // its stack is the kernel's, not the code's that filled the heap: the line alone
    else this.#outputs.write("stderr", `${error.name}: ${error.message}\n`);
    this.#engine?.interrupt();
  }

  /** Publishes the status around an interrupt_request that the side thread has already answered. */
  async interruptAnswered(message: Message): Promise<void> {
    await this.#publishLogged("status", { execution_state: "busy" }, message);
    await this.#publishLogged("status", { execution_state: "idle" }, message);
  }

  /** Publishes the output the running (or last) cell has written and not yet sent. */
  flushOutputs(): void {
    this.#outputs.flush();
  }

  /** Writes to the last cell's stderr: for errors nobody awaited (a rejected promise after the cell ended). */
  reportStray(error: unknown): void {
    this.#outputs.write("stderr", `${describeValue(error)}\n`);
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        try {
          await this.#serve(next.message, "shell", next.seq);
        } catch (error) {
          this.log(`serving ${next.message.header.msg_type} failed: ${describeValue(error)}`);
        }
      }
    } finally {
      this.#draining = false;
    }
  }

  /**
   * Answers one request between its busy and idle statuses. Whatever a handler throws becomes an error reply
   * (logged too), so every request that has a reply gets one and no loop that serves requests ends.
   */
  async #serve(message: Message, channel: "shell" | "control", seq = 0): Promise<void> {
    const type = message.header.msg_type;
    await this.#publishLogged("status", { execution_state: "busy" }, message);
    const content = await this.#answer(message, channel, seq);
    if (content) {
      const answer = reply(message, type.replace(/_request$/, "_reply"), content, this.session);
      try {
        await this.#transport.send(channel, answer);
      } catch (error) {
        this.log(`the ${answer.header.msg_type} could not be sent: ${describeValue(error)}`);
      }
    }
    this.#outputs.flush();
    await this.#publishLogged("status", { execution_state: "idle" }, message);
    if (type === "kernel_info_request") setImmediate(() => this.warmUp());
    if (type === "shutdown_request" && content?.status === "ok") this.onShutdown(Boolean(content.restart));
  }

  /** The reply's content (undefined: the request has no reply); an error reply for whatever the handler threw. */
  async #answer(message: Message, channel: "shell" | "control", seq: number): Promise<Content | undefined> {
    const type = message.header.msg_type;
    try {
      const handler = this.#handlers[type];
      if (type === "execute_request" && seq <= this.#abortThrough) {
        return { status: "aborted", execution_count: this.#cells.executionCount };
      }
      if (!handler) return undefined; // unknown requests get no reply, as the protocol allows
      contentOf(message);
      return await handler(message, channel);
    } catch (error) {
      const { ename, evalue, traceback } = errorOutcome(error);
      const failure = { ename, evalue, traceback };
      this.log(`${type} failed: ${failure.ename}: ${failure.evalue}`);
      if (!type.endsWith("_request")) return undefined; // comm messages have no reply
      if (type !== "execute_request") return { ...failure, status: "error" };
      if (!(message.content as { silent?: unknown } | null)?.silent) {
        await this.#publishLogged("error", failure, message);
      }
      return { ...failure, status: "error", execution_count: this.#cells.executionCount };
    }
  }

  /** Publishes, logging a failure instead of throwing: for the statuses, which must not stop a request's reply. */
  async #publishLogged(type: string, content: Content, parent: Message): Promise<void> {
    try {
      await this.#publish(type, content, parent);
    } catch (error) {
      this.log(`the ${type} message could not be published: ${describeValue(error)}`);
    }
  }

  #publish(
    type: string,
    content: Content,
    parent: Message | undefined,
    metadata: Content = {},
  ): Promise<void> {
    return this.#transport.publish({ ...reply(parent, type, content, this.session, []), metadata });
  }

  readonly #handlers: Record<string, Handler> = {
    kernel_info_request: async () => kernelInfo(),
    execute_request: async (message) => {
      const { content, stopQueued } = await this.#cells.execute(message);
      if (stopQueued) {
        // Requests the client sent before it could see this error are "queued behind" it and must be aborted,
        // even those still in zeromq's buffers: wait a moment for them to arrive (ipykernel's
        // stop_on_error_timeout works the same way). The reply goes out after, so a client that waits for it
        // before sending the next cell is never aborted.
        await new Promise((resolve) => setTimeout(resolve, stopOnErrorWindowMs));
        this.#abortThrough = this.#received;
      }
      return content;
    },
    complete_request: async (message) => {
      const code = stringField(message, "code");
      const found = this.engine.complete(code, fromCodePoints(code, cursorField(message, code)));
      return {
        status: "ok",
        matches: found.matches,
        cursor_start: toCodePoints(code, found.start),
        cursor_end: toCodePoints(code, found.end),
        metadata: {},
      };
    },
    inspect_request: async (message) => {
      const code = stringField(message, "code");
      const text = this.engine.inspect(code, fromCodePoints(code, cursorField(message, code)));
      return {
        status: "ok",
        found: text !== undefined,
        data: text ? { "text/plain": text } : {},
        metadata: {},
      };
    },
    is_complete_request: async (message) => this.engine.isComplete(stringField(message, "code")),
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
}
