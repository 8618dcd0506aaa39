/**
 * execute_request: runs a cell on the engine and publishes what it shows (execute_input, its outputs, then its error
 * or execute_result), keeps the execution count and the history, and holds the running cell's abort signal and
 * payloads (the pager). Whatever the cell's value is, the reply is made: a value that cannot be shown is an error.
 */
import type { DisplayData } from "../src/display.js";
import type { CellOutputs } from "./cell-outputs.js";
import { type Engine, type ErrorOutcome, errorOutcome, type Outcome } from "./engine.js";
import type { History } from "./history.js";
import type { Message } from "./protocol/wire.js";
import { stringField } from "./request-fields.js";
import { renderBundle } from "./safe-render.js";

type Content = Record<string, unknown>;
type Publish = (type: string, content: Content, parent: Message) => Promise<void>;

interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

export class CellRunner {
  readonly #engine: () => Engine;
  readonly #history: History;
  readonly #outputs: CellOutputs;
  readonly #publish: Publish;
  #count = 0;
  #payloads: Content[] = [];
  #running: Message | undefined;
  /** Aborted by an interrupt: the signal of the running (or last) cell, which long work started there watches. */
  #abort = new AbortController();

  constructor(engine: () => Engine, history: History, outputs: CellOutputs, publish: Publish) {
    this.#engine = engine;
    this.#history = history;
    this.#outputs = outputs;
    this.#publish = publish;
  }

  /** The execution count of the last stored cell. */
  get executionCount(): number {
    return this.#count;
  }

  /** The execute_request running now, if any. */
  get running(): Message | undefined {
    return this.#running;
  }

  /** The running (or last) cell's signal (`cellSignal()`). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Stops the cell's other work: an interrupt, or a blocked prompt woken by one. */
  abort(reason: unknown): void {
    this.#abort.abort(reason);
  }

  /** Adds a payload (the pager's `page()`) to the running cell's reply. */
  addPayload(payload: Content): void {
    this.#payloads.push(payload);
  }

  /**
   * Runs an execute_request: publishes execute_input, the cell's outputs, then its error or execute_result, and
   * returns the reply's content; `stopQueued` when a failed cell asked to stop on error.
   */
  async execute(message: Message): Promise<{ content: Content; stopQueued: boolean }> {
    stringField(message, "code");
    const request = message.content as unknown as ExecuteRequest;
    const silent = Boolean(request.silent);
    const storeHistory = !silent && request.store_history !== false;
    if (storeHistory) {
      this.#count++;
      this.#history.add(this.#count, request.code);
    }
    const count = this.#count;
    if (!silent)
      await this.#publish("execute_input", { code: request.code, execution_count: count }, message);

    this.#outputs.startCell(message);
    this.#running = message;
    this.#abort = new AbortController();
    this.#payloads = [];
    let outcome: Outcome;
    try {
      outcome = await this.#engine().execute(request.code, storeHistory ? count : undefined);
    } finally {
      this.#running = undefined;
    }
    this.#outputs.flush();

    let shown: DisplayData | undefined;
    // a value the cell displayed already (`await widgets.interact(...)`) is not shown twice
    if (
      outcome.status === "ok" &&
      outcome.hasValue &&
      !silent &&
      !this.#outputs.displayedInCell(outcome.value)
    ) {
      const rendered = renderBundle(outcome.value);
      if ("bundle" in rendered) shown = rendered.bundle;
      else outcome = valueNotShown(rendered.error);
    }
    if (outcome.status === "error") {
      if (!silent) await this.#publish("error", errorContent(outcome), message);
      return {
        content: { ...errorContent(outcome), status: "error", execution_count: count },
        stopQueued: request.stop_on_error !== false,
      };
    }
    if (shown) {
      await this.#publish("execute_result", { execution_count: count, ...shown }, message);
      if (storeHistory) this.#history.setOutput(count, String(shown.data["text/plain"] ?? ""));
    }
    const content = {
      status: "ok",
      execution_count: count,
      payload: this.#payloads,
      user_expressions: await this.#userExpressions(request.user_expressions ?? {}),
    };
    return { content, stopQueued: false };
  }

  async #userExpressions(expressions: Record<string, string>): Promise<Content> {
    const results: Content = {};
    for (const [name, code] of Object.entries(expressions)) {
      const outcome = await this.#engine().execute(String(code));
      const rendered =
        outcome.status === "ok" ? renderBundle(outcome.hasValue ? outcome.value : undefined) : undefined;
      results[name] =
        outcome.status === "error"
          ? { ...errorContent(outcome), status: "error" }
          : rendered && "bundle" in rendered
            ? { status: "ok", ...rendered.bundle }
            : { ...errorContent(valueNotShown(rendered?.error)), status: "error" };
    }
    return results;
  }
}

/** The error of a cell whose value could not be shown (its display method or `inspect.custom` threw). */
function valueNotShown(error: unknown): ErrorOutcome {
  const outcome = errorOutcome(error);
  return { ...outcome, traceback: ["The cell's value could not be shown:", ...outcome.traceback] };
}

function errorContent(outcome: ErrorOutcome): Content {
  return { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
}
