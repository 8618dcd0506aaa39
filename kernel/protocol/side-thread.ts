/**
 * The side thread: control, stdin and the heartbeat, on their own event loop, so a cell that blocks the main
 * thread (a synchronous loop, a synchronous `prompt()`) still gets heartbeats echoed, interrupts answered, and
 * input replies delivered. Everything except interrupts goes to the main thread.
 *
 * An interrupt_request raises SIGINT in this process while a cell runs: Node's `breakOnSigint` stops a running
 * synchronous cell, the main thread's SIGINT handler rejects an awaiting one; a blocked prompt is woken through the
 * input slot instead. While no cell runs, there is nothing to interrupt and no SIGINT is raised.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Reply, Router } from "zeromq";
import { channelAddress } from "./connection.js";
import { DigestHistory } from "./digest-history.js";
import {
  cellsSlot,
  closedSlot,
  type FromSide,
  InputSlot,
  type SideChannel,
  type SideThreadData,
  type ToSide,
} from "./side-protocol.js";
import { echoHeartbeats, listenSigned, SerialSocket } from "./sockets.js";
import { encode, type Message, reply, Signer } from "./wire.js";

if (!parentPort) throw new Error("side-thread.js runs as a worker thread of the explr kernel");
const main = parentPort;
const { info, session, slots, inputPort } = workerData as SideThreadData;
const signer = new Signer(info.key, info.signature_scheme);
const slot = new Int32Array(slots);
const post = (message: FromSide) => main.postMessage(message);
const log = (what: string, error: unknown) =>
  post({
    kind: "log",
    line: `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  });
// Nothing that fails here may end this thread: interrupts and heartbeats depend on it.
process.on("uncaughtException", (error) => log("side thread", error));
process.on("unhandledRejection", (reason) => log("side thread", reason));
/** The signatures seen on control and stdin (the main thread also checks them against shell's). */
const digests = new DigestHistory();

const routers: Record<SideChannel, SerialSocket<Router>> = {
  control: new SerialSocket(new Router({ linger: 0 })),
  stdin: new SerialSocket(new Router({ linger: 0 })),
};
const heartbeat = new Reply({ linger: 0 });
let blockingInput = false;

function wakePrompt(state: number): void {
  blockingInput = false;
  Atomics.store(slot, 0, state);
  Atomics.notify(slot, 0);
}

function onControl(message: Message): void {
  if (message.header.msg_type !== "interrupt_request") {
    post({ kind: "message", channel: "control", message });
    return;
  }
  // A blocked prompt is woken through its slot and throws; raising SIGINT as well would interrupt twice (a
  // signal that lands after the prompt returned hits whatever runs next).
  if (blockingInput) wakePrompt(InputSlot.interrupted);
  else if (Atomics.load(slot, cellsSlot) > 0) process.kill(process.pid, "SIGINT");
  routers.control
    .send(encode(reply(message, "interrupt_reply", { status: "ok" }, session), signer))
    .catch((error) => log("the interrupt_reply could not be sent", error));
  post({ kind: "interrupted", message });
}

function onStdin(message: Message): void {
  if (blockingInput && message.header.msg_type === "input_reply") {
    const value = (message.content as { value?: unknown } | null)?.value;
    inputPort.postMessage(typeof value === "string" ? value : "");
    wakePrompt(InputSlot.answered);
    return;
  }
  post({ kind: "message", channel: "stdin", message });
}

main.on("message", (message: ToSide) => {
  if (message.kind === "expectBlockingInput") {
    blockingInput = true;
  } else if (message.kind === "close") {
    void close();
  } else {
    routers[message.channel]
      .send(message.frames.map((f) => Buffer.from(f.buffer, f.byteOffset, f.length)))
      .catch((error) => log(`a message on ${message.channel} could not be sent`, error));
  }
});

/**
 * Closes the sockets and reports it once nothing of zeromq is pending here any more (no bind, no receive loop):
 * zeromq aborts the process when a thread is torn down in the middle of an operation.
 */
async function close(): Promise<void> {
  await bound.catch(() => {});
  for (const socket of [routers.control.socket, routers.stdin.socket, heartbeat]) socket.close();
  await loops;
  Atomics.store(slot, closedSlot, 1);
  Atomics.notify(slot, closedSlot);
  main.close();
}

const bound = Promise.all([
  routers.control.socket.bind(channelAddress(info, "control")),
  routers.stdin.socket.bind(channelAddress(info, "stdin")),
  heartbeat.bind(channelAddress(info, "hb")),
]);
let loops: Promise<unknown> = Promise.resolve();
await bound;
const drop = (channel: SideChannel) => (why: string) => post({ kind: "dropped", channel, why });
loops = Promise.all([
  listenSigned(routers.control.socket, signer, digests, onControl, drop("control")),
  listenSigned(routers.stdin.socket, signer, digests, onStdin, drop("stdin")),
  echoHeartbeats(heartbeat),
]);
post({ kind: "ready" });
