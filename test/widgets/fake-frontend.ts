/**
 * A frontend for widget tests: installs the kernel's services under `Symbol.for("explr.kernel")` with the kernel's
 * own CommManager, records every comm message the widgets send, and sends messages back as a widget manager would.
 */
import { type CommData, CommManager } from "../../kernel/comms.js";

const kernelSymbol = Symbol.for("explr.kernel");

export interface SentMessage {
  type: "comm_open" | "comm_msg" | "comm_close";
  content: CommData;
  /** The message's metadata. */
  metadata: CommData;
}

export class FakeFrontend {
  readonly sent: SentMessage[] = [];
  readonly manager = new CommManager((type, content, metadata = {}) =>
    this.sent.push({ type, content, metadata }),
  );

  /** Makes widgets created from now on talk to this frontend, until `uninstall()`. */
  install(): this {
    (globalThis as Record<symbol, unknown>)[kernelSymbol] = {
      openComm: (target: string, data: CommData, metadata: CommData) =>
        this.manager.open(target, data, metadata),
      registerCommTarget: (name: string, target: Parameters<CommManager["registerTarget"]>[1]) =>
        this.manager.registerTarget(name, target),
    };
    return this;
  }

  uninstall(): void {
    delete (globalThis as Record<symbol, unknown>)[kernelSymbol];
  }

  /** The data of the comm_msgs sent on `commId` since `from` (an index into `sent`). */
  messagesTo(commId: string, from = 0): CommData[] {
    return this.sent
      .slice(from)
      .filter((m) => m.type === "comm_msg" && m.content.comm_id === commId)
      .map((m) => m.content.data as CommData);
  }

  /** The comm_open of the model `commId`. */
  opened(commId: string): SentMessage {
    const open = this.sent.find((m) => m.type === "comm_open" && m.content.comm_id === commId);
    if (!open) throw new Error(`no comm_open for ${commId}`);
    return open;
  }

  /** A user's change in the browser: `{ method: "update", state }` on the model's comm. */
  update(commId: string, state: CommData): void {
    this.manager.handleMessage({ comm_id: commId, data: { method: "update", state, buffer_paths: [] } });
  }

  send(commId: string, data: CommData): void {
    this.manager.handleMessage({ comm_id: commId, data });
  }
}
