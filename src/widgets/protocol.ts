/**
 * The Jupyter widgets protocol, version 2 (ipywidgets 8, @jupyter-widgets/base and controls 2.0.0): names,
 * versions and message shapes, and the seam to the kernel's comms. The library does not import the kernel: the
 * kernel registers its services under `Symbol.for("explr.kernel")` (see kernel/cell-api.ts) and widgets use the
 * two comm functions found there. Without a kernel (a plain Node script) widgets still work, unsynced.
 */

/** The comm target of widget models. */
export const widgetTarget = "jupyter.widget";
/** The comm target a frontend opens to fetch every model's state at once (on reload). */
export const controlTarget = "jupyter.widget.control";
/** Sent as the comm_open's metadata `version`: frontends refuse a model of another major version. */
export const protocolVersion = "2.1.0";
export const widgetViewMimeType = "application/vnd.jupyter.widget-view+json";
export const widgetStateMimeType = "application/vnd.jupyter.widget-state+json";

export const baseModule = { module: "@jupyter-widgets/base", version: "2.0.0" } as const;
export const controlsModule = { module: "@jupyter-widgets/controls", version: "2.0.0" } as const;
export const outputModule = { module: "@jupyter-widgets/output", version: "1.0.0" } as const;

/** A widget model's synced state: JSON values by trait name. */
export type ModelState = Record<string, unknown>;

/** A model as the widget-state metadata of a notebook saves it. */
export interface EmbeddedModel {
  model_name: string;
  model_module: string;
  model_module_version: string;
  state: ModelState;
}

/** What the widget-view display carries: the frontend draws the model with this id. */
export interface WidgetView {
  version_major: 2;
  version_minor: 0;
  model_id: string;
}

/** The comm_msg data of widget protocol 2 (both directions). */
export type WidgetMessage =
  | { method: "update" | "echo_update"; state: ModelState; buffer_paths: unknown[] }
  | { method: "request_state" }
  | { method: "custom"; content: Record<string, unknown> };

/** One end of a comm, as the kernel's `Comm` is. */
export interface WidgetComm {
  readonly commId: string;
  send(data: Record<string, unknown>): void;
  close(data?: Record<string, unknown>): void;
  onMessage(handler: (data: Record<string, unknown>) => void): void;
  onClose(handler: (data: Record<string, unknown>) => void): void;
}

/** The part of the kernel's services widgets use. */
export interface CommHost {
  openComm(targetName: string, data: Record<string, unknown>, metadata: Record<string, unknown>): WidgetComm;
  registerCommTarget(name: string, target: (comm: WidgetComm, data: Record<string, unknown>) => void): void;
}

const kernelSymbol = Symbol.for("explr.kernel");

/** The running kernel's comms, or undefined outside a kernel. */
export function commHost(): CommHost | undefined {
  return (globalThis as Record<symbol, CommHost | undefined>)[kernelSymbol];
}

/** The reference a model's state uses for another model (a layout, a box's children). */
export function modelReference(modelId: string): string {
  return `IPY_MODEL_${modelId}`;
}
