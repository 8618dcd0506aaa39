/**
 * What the main thread and the side thread (control, stdin and heartbeat sockets) say to each other, and the
 * shared word a synchronous `prompt()` sleeps on.
 */
import type { MessagePort } from "node:worker_threads";
import type { ConnectionInfo } from "./connection.js";
import type { Message } from "./wire.js";

export type SideChannel = "control" | "stdin";

export interface SideThreadData {
  info: ConnectionInfo;
  /** The kernel's session id, for the interrupt_reply the side thread sends itself. */
  session: string;
  /**
   * Three Int32s: an `InputSlot` a synchronous prompt waits on, 1 once the side thread closed its sockets, and how
   * many cells run (`cellsSlot`).
   */
  slots: SharedArrayBuffer;
  /** Where the answer to a synchronous prompt is posted, read with `receiveMessageOnPort`. */
  inputPort: MessagePort;
}

/** The states of the input slot (slot 0). */
export const InputSlot = { waiting: 0, answered: 1, interrupted: 2 } as const;
/** Slot 1 becomes 1 once the side thread has closed its sockets. */
export const closedSlot = 1;
/** Slot 2 counts the cells that run (0 or 1): the side thread raises SIGINT for an interrupt_request only then. */
export const cellsSlot = 2;

export type ToSide =
  | { kind: "send"; channel: SideChannel; frames: Uint8Array[] }
  /** The next input_reply answers a prompt that blocks the main thread: deliver it through the slot. */
  | { kind: "expectBlockingInput" }
  /** Close the sockets and end the thread (zeromq aborts the process if a thread ends with sockets open). */
  | { kind: "close" };

export type FromSide =
  | { kind: "ready" }
  | { kind: "message"; channel: SideChannel; message: Message }
  /** The side thread has answered an interrupt_request and raised SIGINT; the main thread publishes its status. */
  | { kind: "interrupted"; message: Message }
  | { kind: "dropped"; channel: SideChannel; why: string }
  /** Something failed on the side thread that is not a message's fault (a send, an exception nobody caught). */
  | { kind: "log"; line: string };
