/**
 * What a notebook cell can ask of the kernel beyond display: `import { input, page, comms } from "explr/kernel"`.
 * The kernel registers itself under `kernelSymbol`; outside a kernel these functions throw a clear error.
 *
 * @example
 *   const name = await input("Your name? ");
 *   const epochs = Number(prompt("Epochs?", "8"));   // blocks the cell until answered, like the browser's

 *   page("long help text");                       // shown in the frontend's pager
 *   comms.registerTarget("echo", (comm) => comm.onMessage((data) => comm.send(data)));
 */
import type { MimeBundle } from "../src/display.js";
import type { Comm, CommData, CommTarget } from "./comms.js";

export const kernelSymbol: unique symbol = Symbol.for("explr.kernel") as never;

/** The services the running kernel offers to cells. */
export interface NotebookKernel {
  input(prompt: string, password: boolean): Promise<string>;
  prompt(prompt: string, password: boolean): string;
  page(data: MimeBundle): void;
  registerCommTarget(name: string, target: CommTarget): void;
  openComm(targetName: string, data?: CommData, metadata?: CommData): Comm;
}

function kernel(): NotebookKernel {
  const found = (globalThis as Record<symbol, NotebookKernel | undefined>)[kernelSymbol];
  if (!found)
    throw new Error("explr/kernel works only inside the explr Jupyter kernel (npx explr kernel install)");
  return found;
}

/** Asks the frontend for a line of input (Jupyter's input_request); `password` hides what is typed. */
export function input(prompt = "", options: { password?: boolean } = {}): Promise<string> {
  return kernel().input(prompt, options.password ?? false);
}

/**
 * Asks the frontend for a line of input and waits for it synchronously, like the browser's `prompt()`: usable in
 * code that cannot await. An empty answer gives `defaultValue` when there is one. An interrupt throws.
 */
export function prompt(message = "", defaultValue?: string): string {
  const answer = kernel().prompt(message, false);
  return answer === "" && defaultValue !== undefined ? defaultValue : answer;
}

/** Shows text (or a MIME bundle) in the frontend's pager, like IPython's `?` help. */
export function page(content: string | MimeBundle): void {
  kernel().page(typeof content === "string" ? { "text/plain": content } : content);
}

/** Comms with frontend widgets: register targets the frontend opens, or open one to a frontend target. */
export const comms = {
  registerTarget(name: string, target: CommTarget): void {
    kernel().registerCommTarget(name, target);
  },
  open(targetName: string, data: CommData = {}, metadata: CommData = {}): Comm {
    return kernel().openComm(targetName, data, metadata);
  },
};

export type { Comm, CommData, CommTarget };
