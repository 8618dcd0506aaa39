/**
 * A widget model: its synced state and the comm that keeps the frontend's copy equal to it. A change made in the
 * kernel is sent as an `update`; an `update` from the frontend is echoed back (`echo_update`, so the frontend knows
 * its change arrived) and applied, and what the model would not take as sent (a value out of range) is sent back;
 * `request_state` is answered with the whole state; `custom` messages go to their listeners. Listeners hear every
 * change, from either side. The live models also answer the frontend's
 * `jupyter.widget.control` comm, which asks for all states at once when a page reloads.
 */
import { randomUUID } from "node:crypto";
import { displaySymbol, type MimeBundle } from "../display.js";
import {
  type CommHost,
  commHost,
  controlTarget,
  type EmbeddedModel,
  type ModelState,
  protocolVersion,
  type WidgetComm,
  widgetTarget,
  widgetViewMimeType,
} from "./protocol.js";

/** Which frontend classes draw a model: `_model_*` and `_view_*` of its state. */
export interface ModelSpec {
  readonly modelName: string;
  readonly modelModule: { readonly module: string; readonly version: string };
  readonly viewName: string | null;
  readonly viewModule: { readonly module: string; readonly version: string };
}

/** The state every model has (ipywidgets' `Widget` and `CoreWidget` traits). */
function coreState(spec: ModelSpec): ModelState {
  return {
    _model_module: spec.modelModule.module,
    _model_module_version: spec.modelModule.version,
    _model_name: spec.modelName,
    _view_count: null,
    _view_module: spec.viewModule.module,
    _view_module_version: spec.viewModule.version,
    _view_name: spec.viewName,
  };
}

const liveWidgets = new Map<string, Widget>();
const hostsServingControl = new WeakSet<CommHost>();

/** The frontend's `jupyter.widget.control` comm: `request_states` gets every live model's state. */
function serveControlComm(host: CommHost): void {
  if (hostsServingControl.has(host)) return;
  hostsServingControl.add(host);
  host.registerCommTarget(controlTarget, (comm) =>
    comm.onMessage((data) => {
      if (data.method !== "request_states") return;
      const states: Record<string, EmbeddedModel> = {};
      for (const widget of liveWidgets.values()) states[widget.modelId] = widget.embedded();
      comm.send({ method: "update_states", states, buffer_paths: [] });
    }),
  );
}

/** A JSON object (not an array, not null): what a message's `state` must be to be read. */
const isPlainRecord = (value: unknown): value is ModelState =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class Widget {
  readonly modelId: string;
  readonly #spec: ModelSpec;
  readonly #state: ModelState;
  readonly #comm: WidgetComm | undefined;
  readonly #listeners = new Set<(changed: ModelState) => void>();
  readonly #customListeners = new Set<(content: Record<string, unknown>) => void>();
  /** Models made for this one alone (its layout and style), closed with it. */
  readonly #owned: readonly Widget[];
  #closed = false;

  constructor(spec: ModelSpec, state: ModelState, owned: readonly Widget[] = []) {
    this.#spec = spec;
    this.#state = { ...coreState(spec), ...state };
    this.#owned = owned;
    const host = commHost();
    if (host) {
      serveControlComm(host);
      this.#comm = host.openComm(
        widgetTarget,
        { state: structuredClone(this.#state), buffer_paths: [] },
        { version: protocolVersion },
      );
      this.modelId = this.#comm.commId;
      this.#comm.onMessage((data) => this.#receive(data));
      this.#comm.onClose(() => this.#forget());
    } else {
      this.modelId = randomUUID().replaceAll("-", "");
    }
    liveWidgets.set(this.modelId, this);
  }

  /** The synced state, as the frontend has it. */
  get state(): Readonly<ModelState> {
    return this.#state;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Changes state from the kernel: applied, sent to the frontend, and heard by the listeners. */
  protected setState(changes: ModelState): void {
    if (this.#closed) {
      throw new Error(`${this.#spec.modelName} ${this.modelId} is closed: make a new widget to change it`);
    }
    const changed = this.#apply(changes);
    if (Object.keys(changed).length === 0) return;
    this.#comm?.send({ method: "update", state: structuredClone(changed), buffer_paths: [] });
    this.#notify(changed);
  }

  /** Calls `listener` with the changed keys after every change of state; returns the unsubscribe. */
  observe(listener: (changed: ModelState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Calls `listener` with the content of every `custom` message from the frontend; returns the unsubscribe. */
  onCustomMessage(listener: (content: Record<string, unknown>) => void): () => void {
    this.#customListeners.add(listener);
    return () => this.#customListeners.delete(listener);
  }

  /** Closes the model: the frontend removes its views. Its own layout and style close with it. */
  close(): void {
    if (this.#closed) return;
    this.#comm?.close();
    this.#forget();
    for (const widget of this.#owned) widget.close();
  }

  /** The model as a notebook's widget-state metadata saves it. */
  embedded(): EmbeddedModel {
    return {
      model_name: this.#spec.modelName,
      model_module: this.#spec.modelModule.module,
      model_module_version: this.#spec.modelModule.version,
      state: structuredClone(this.#state),
    };
  }

  [displaySymbol](): MimeBundle {
    return {
      [widgetViewMimeType]: { version_major: 2, version_minor: 0, model_id: this.modelId },
      "text/plain": this.toString(),
    };
  }

  toString(): string {
    return `${this.#spec.modelName.replace(/Model$/, "")}(${this.describe()})`;
  }

  /** The text inside the parentheses of `toString()`: the values a reader cares about. */
  protected describe(): string {
    return "";
  }

  /**
   * Checks and converts a state change coming from the frontend before it is applied; returns what to apply. Controls
   * override it to keep their invariants (an integer slider stays an integer within its bounds).
   */
  protected fromFrontend(changes: ModelState): ModelState {
    return changes;
  }

  #receive(data: Record<string, unknown>): void {
    switch (data.method) {
      case "update": {
        const sent = isPlainRecord(data.state) ? data.state : {};
        const known = Object.fromEntries(Object.entries(sent).filter(([key]) => this.#declares(key)));
        if (Object.keys(known).length === 0) return;
        this.#comm?.send({ method: "echo_update", state: structuredClone(known), buffer_paths: [] });
        const changed = this.#apply(this.fromFrontend(known));
        // what the kernel kept differs from what the frontend sent (clamped, refused): the frontend gets it back
        const corrected = Object.keys(known).filter((key) => !sameJson(this.#state[key], known[key]));
        if (corrected.length > 0) {
          const state = Object.fromEntries(corrected.map((key) => [key, structuredClone(this.#state[key])]));
          this.#comm?.send({ method: "update", state, buffer_paths: [] });
        }
        if (Object.keys(changed).length > 0) this.#notify(changed);
        return;
      }
      case "request_state":
        this.#comm?.send({ method: "update", state: structuredClone(this.#state), buffer_paths: [] });
        return;
      case "custom":
        for (const listener of this.#customListeners) {
          this.#call(() => listener((data.content ?? {}) as Record<string, unknown>));
        }
        return;
    }
  }

  #apply(changes: ModelState): ModelState {
    const changed: ModelState = {};
    for (const [key, value] of Object.entries(changes)) {
      if (!this.#declares(key)) {
        throw new TypeError(`${this.#spec.modelName} has no state "${key}"`);
      }
      if (sameJson(this.#state[key], value)) continue;
      this.#state[key] = value;
      changed[key] = value;
    }
    return changed;
  }

  /**
   * Whether `key` is a trait of this model: an own key of its declared state. Inherited names (`toString`,
   * `constructor`) and `__proto__`, which would replace the state's prototype, are not.
   */
  #declares(key: string): boolean {
    return Object.hasOwn(this.#state, key);
  }

  #notify(changed: ModelState): void {
    for (const listener of this.#listeners) this.#call(() => listener(changed));
  }

  /** A failing listener is reported and does not stop the others (nor the kernel's message loop). */
  #call(listener: () => void): void {
    try {
      listener();
    } catch (error) {
      console.error(`a listener of ${this.toString()} failed:`, error);
    }
  }

  #forget(): void {
    this.#closed = true;
    liveWidgets.delete(this.modelId);
  }
}
