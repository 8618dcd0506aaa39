/**
 * Checks a running Jupyter server over HTTP, as a student's browser would use it: the explr kernel is listed, starts,
 * runs a cell, and runs every code cell of a notebook taken from the server (parameters injected as `explr run`
 * does). For an instructor's deployment (the course image, a JupyterHub user's server) and for CI.
 *
 *   node dist/scripts/check-server.js --url http://127.0.0.1:8888 [--token T] [--notebook PATH] [--param k=v]...
 *
 * PATH is relative to the server's root. Prints what it checked and each cell's time; exits 1 at the first failure.
 * Needs Node's WebSocket (Node 22, or Node 20 with --experimental-websocket).
 */
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { injectParameters, parseParameterArgs } from "../runner/parameters.js";
import type { Notebook } from "../src/report/nbformat.js";
import { joinText } from "../src/report/nbformat.js";

/** What a cell run over the kernel's WebSocket gave: its outputs' text, and the error if it failed. */
export interface CellResult {
  readonly text: string;
  readonly error?: string;
}

/** A Jupyter server's REST and WebSocket endpoints, with the token on every request. */
export class JupyterServer {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async json<T>(route: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(new URL(route, this.url), {
      ...init,
      headers: { authorization: `token ${this.token}`, "content-type": "application/json" },
    });
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${route}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }

  channels(kernelId: string): string {
    const ws = new URL(`api/kernels/${kernelId}/channels`, this.url);
    ws.protocol = ws.protocol === "https:" ? "wss:" : "ws:";
    ws.searchParams.set("session_id", randomUUID());
    ws.searchParams.set("token", this.token);
    return ws.href;
  }
}

/** An execute_request as Jupyter's WebSocket carries it (JSON, channel named in the message). */
export function executeRequest(code: string, session: string): Record<string, unknown> {
  return {
    header: {
      msg_id: randomUUID(),
      msg_type: "execute_request",
      session,
      username: "explr-check",
      version: "5.3",
      date: new Date().toISOString(),
    },
    parent_header: {},
    metadata: {},
    content: { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false },
    channel: "shell",
    buffers: [],
  };
}

interface WireMessage {
  readonly channel: string;
  readonly header: { readonly msg_type: string };
  readonly parent_header: { readonly msg_id?: string };
  readonly content: Record<string, unknown>;
}

/**
 * Folds one message into a cell's result: text of streams and results, the error's name and value. Returns true
 * once the cell is over (the kernel idle again for this request).
 */
export function foldMessage(message: WireMessage, into: { text: string; error?: string }): boolean {
  const { msg_type } = message.header;
  const { content } = message;
  if (msg_type === "stream") into.text += String(content.text);
  else if (msg_type === "execute_result" || msg_type === "display_data") {
    const data = content.data as Record<string, unknown>;
    if (typeof data["text/plain"] === "string") into.text += `${data["text/plain"]}\n`;
  } else if (msg_type === "error") into.error = `${content.ename}: ${content.evalue}`;
  return msg_type === "status" && content.execution_state === "idle";
}

/** Runs cells one after another on a kernel's WebSocket. */
export class KernelSocket {
  readonly #socket: WebSocket;
  readonly #session = randomUUID();
  readonly #waiting = new Map<string, { result: { text: string; error?: string }; done: () => void }>();
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.#socket = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.#socket.addEventListener("open", () => resolve());
      this.#socket.addEventListener("error", () => reject(new Error(`the WebSocket ${url} failed to open`)));
    });
    this.#socket.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as WireMessage;
      const waiting = this.#waiting.get(message.parent_header.msg_id ?? "");
      if (waiting && message.channel === "iopub" && foldMessage(message, waiting.result)) waiting.done();
    });
  }

  async run(code: string, timeoutMs: number): Promise<CellResult> {
    const request = executeRequest(code, this.#session);
    const id = (request.header as { msg_id: string }).msg_id;
    const result: { text: string; error?: string } = { text: "" };
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        this.#waiting.set(id, { result, done: resolve });
        timer = setTimeout(
          () => reject(new Error(`no answer in ${timeoutMs / 1000} s to: ${code}`)),
          timeoutMs,
        );
        this.#socket.send(JSON.stringify(request));
      });
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(id);
    }
    return result;
  }

  close(): void {
    this.#socket.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      token: { type: "string", default: "" },
      notebook: { type: "string" },
      param: { type: "string", multiple: true, default: [] },
      timeout: { type: "string", default: "900" },
    },
  });
  if (!values.url) throw new RangeError("give the server's address: --url http://HOST:PORT/");
  if (typeof WebSocket === "undefined") {
    throw new Error("this Node has no WebSocket: use Node 22, or run Node 20 with --experimental-websocket");
  }
  const server = new JupyterServer(values.url.endsWith("/") ? values.url : `${values.url}/`, values.token);
  const timeoutMs = Number(values.timeout) * 1000;

  const specs = await server.json<{ kernelspecs: Record<string, unknown> }>("api/kernelspecs");
  if (!("explr" in specs.kernelspecs)) {
    throw new Error(`the server has no explr kernel (it has: ${Object.keys(specs.kernelspecs).join(", ")})`);
  }
  console.log("kernelspec explr: listed");
  const kernel = await server.json<{ id: string }>("api/kernels", {
    method: "POST",
    body: JSON.stringify({ name: "explr" }),
  });
  const socket = new KernelSocket(server.channels(kernel.id));
  try {
    await socket.opened;
    const began = performance.now();
    const code =
      'import { schedule } from "explr";\nschedule.multiStep({ init: 1, boundaries: [10], factor: 0.5 })(20)';
    const cell = await socket.run(code, timeoutMs);
    if (cell.error || cell.text.trim() !== "0.5") {
      throw new Error(`the first cell failed: ${cell.error ?? cell.text}`);
    }
    console.log(`first cell: ${cell.text.trim()} (${((performance.now() - began) / 1000).toFixed(1)} s)`);
    if (values.notebook) await runNotebook(server, socket, values.notebook, values.param, timeoutMs);
  } finally {
    socket.close();
    await server.json(`api/kernels/${kernel.id}`, { method: "DELETE" }).catch(() => {});
  }
}

async function runNotebook(
  server: JupyterServer,
  socket: KernelSocket,
  path: string,
  params: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const model = await server.json<{ content: Notebook }>(`api/contents/${path}?content=1`);
  const notebook = await injectParameters(model.content, parseParameterArgs(params));
  const began = performance.now();
  let index = 0;
  for (const cell of notebook.cells) {
    index++;
    if (cell.cell_type !== "code") continue;
    const cellBegan = performance.now();
    const result = await socket.run(joinText(cell.source), timeoutMs);
    const seconds = ((performance.now() - cellBegan) / 1000).toFixed(1);
    if (result.error) throw new Error(`${path}, cell ${index}: ${result.error}`);
    console.log(`  cell ${index}: ok (${seconds} s)`);
  }
  console.log(`notebook ${path}: every cell ran (${((performance.now() - began) / 1000).toFixed(0)} s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main().catch((error: Error) => {
    console.error(`check-server: ${error.message}`);
    process.exit(1);
  });
}
