/**
 * Hostile and clumsy Jupyter messages for the protocol fuzzer (fuzz.test.ts), drawn from a seeded generator:
 * random frames, bad and missing signatures, replays, malformed headers, correctly signed requests whose
 * content is anything JSON can hold, and, once a widget is known, its comm's messages with hostile state keys. Each
 * case says whether the kernel owes it a reply.
 */

import { type Header, protocolVersion, type Signer } from "../../../kernel/protocol/wire.js";
import { randomInt } from "../../../src/random.js";

export type FuzzChannel = "shell" | "control" | "stdin";

export interface FuzzCase {
  channel: FuzzChannel;
  frames: Buffer[];
  /** What was done to the message, for the counts. */
  kind: string;
  /** The msg_id whose reply the kernel owes (a signed, well-formed request of a type that has a reply). */
  owed?: string;
}

/** The request types that have a reply, on shell or control. */
const answered = [
  "kernel_info_request",
  "execute_request",
  "complete_request",
  "inspect_request",
  "is_complete_request",
  "history_request",
  "comm_info_request",
  "interrupt_request",
];
const unanswered = [
  "comm_open",
  "comm_msg",
  "comm_close",
  "input_reply",
  "debug_request",
  "execute_reply",
  "x",
];
/** Cells a fuzzed execute_request may run: quick, whatever they do (errors, type errors, odd values). */
const cells = ["", "1", "x +", "throw 10n", "undefinedName", "({ a: [1, { b: 2n }] })", "'\u{1F600}'", "}{"];
const delimiter = "<IDS|MSG>";
/** State keys that trip naive code: the prototype, inherited names, and keys a widget has or never had. */
const hostileKeys = [
  "__proto__",
  "toString",
  "constructor",
  "hasOwnProperty",
  "valueOf",
  "__defineGetter__",
  "polluted",
  "value",
  "description",
];
/** What a widget comm's message asks; the kernel answers none of them on shell. */
const widgetMethods = ["update", "update", "update", "request_state", "echo_update", "custom", "nope"];

export class MessageFuzzer {
  readonly #random: () => number;
  readonly #signer: Signer;
  readonly #session: string;
  /**
   * Frames sent correctly signed, by channel, for replays. A replay goes to the channel of its original: across
   * channels (two sockets, two threads) which copy arrives first, and so which one is answered, is up to chance.
   */
  readonly #sent: Record<FuzzChannel, Buffer[][]> = { shell: [], control: [], stdin: [] };

  /** The comm of a widget in the kernel, whose state hostile updates aim at; none until `aimAt`. */
  #widgetCommId: string | undefined;

  constructor(random: () => number, signer: Signer, session: string) {
    this.#random = random;
    this.#signer = signer;
    this.#session = session;
  }

  /** From now on, some signed messages are comm_msgs to this widget's comm with hostile state. */
  aimAt(widgetCommId: string): void {
    this.#widgetCommId = widgetCommId;
  }

  next(): FuzzCase {
    const channel = this.#pick<FuzzChannel>(["shell", "shell", "control", "stdin"]);
    const roll = this.#random();
    if (roll < 0.1) return { channel, kind: "random frames", frames: this.#randomFrames() };
    if (roll < 0.2) return { channel, kind: "bad signature", frames: this.#badlySigned() };
    if (roll < 0.27) return { channel, kind: "unsigned", frames: this.#unsigned() };
    if (roll < 0.35 && this.#sent[channel].length > 0) {
      return { channel, kind: "replay", frames: this.#pick(this.#sent[channel]) };
    }
    if (roll < 0.45) return { channel, kind: "malformed header", frames: this.#badHeader() };
    if (roll < 0.52) return { channel, kind: "not JSON", frames: this.#notJson() };
    if (roll < 0.67 && this.#widgetCommId !== undefined) return this.#widgetMessage(this.#widgetCommId);
    return this.#signedRequest(channel);
  }

  /** A correctly signed message: a known type with random or malformed content, sometimes with buffers. */
  #signedRequest(channel: FuzzChannel): FuzzCase {
    const answeredType = this.#random() < 0.75;
    const type = answeredType ? this.#pick(answered) : this.#pick(unanswered);
    let content: unknown;
    const roll = this.#random();
    if (roll < 0.25) content = this.#pick([null, [], 42, "text", true]);
    else if (roll < 0.5) content = this.#json(3);
    else content = this.#plausible(type);
    const header = this.#header(type);
    const parts = [header, this.#random() < 0.9 ? {} : { msg_id: "p" }, {}, content].map((part) =>
      Buffer.from(JSON.stringify(part)),
    );
    const buffers = this.#random() < 0.1 ? [Buffer.from(this.#bytes(20))] : [];
    const frames = [Buffer.from(delimiter), Buffer.from(this.#signer.sign(parts)), ...parts, ...buffers];
    this.#sent[channel].push(frames);
    const owed = channel !== "stdin" && answeredType ? header.msg_id : undefined;
    return { channel, kind: owed ? "signed request" : "signed, no reply owed", frames, owed };
  }

  /** A signed comm_msg on shell to the widget: an update (or another method) whose state has hostile keys. */
  #widgetMessage(commId: string): FuzzCase {
    const method = this.#pick(widgetMethods);
    const state = this.#random() < 0.15 ? this.#pick<unknown>([null, [], "state", 3]) : this.#hostileState();
    const data = { method, state, buffer_paths: this.#pick<unknown>([[], ["value"], null]) };
    const parts = [this.#header("comm_msg"), {}, {}, { comm_id: commId, data }].map((part) =>
      Buffer.from(JSON.stringify(part)),
    );
    const frames = [Buffer.from(delimiter), Buffer.from(this.#signer.sign(parts)), ...parts];
    this.#sent.shell.push(frames);
    return { channel: "shell", kind: `widget ${method}`, frames };
  }

  /** A widget state of hostile keys, each present or not, with any JSON value; `__proto__` as an own key. */
  #hostileState(): Record<string, unknown> {
    const state: Record<string, unknown> = {};
    for (const key of hostileKeys) {
      const value = this.#random() < 0.3 ? { polluted: true } : this.#json(1);
      if (this.#random() < 0.4) Object.defineProperty(state, key, { value, enumerable: true });
    }
    return state;
  }

  /** Content close to what the request expects, with fields of the wrong type or out of range. */
  #plausible(type: string): unknown {
    const code = this.#random() < 0.8 ? this.#pick(cells) : this.#json(1);
    const cursor = this.#pick<unknown>([0, 1, -1, 2 ** 40, 1.5, "2", null, undefined]);
    switch (type) {
      case "execute_request":
        return { code, silent: this.#pick([true, false, "yes"]), stop_on_error: this.#random() < 0.5 };
      case "complete_request":
      case "inspect_request":
        return { code, cursor_pos: cursor, detail_level: this.#pick([0, 1, 7]) };
      case "is_complete_request":
        return { code };
      case "history_request":
        return {
          hist_access_type: this.#pick(["tail", "range", "search", "nope", 3]),
          n: cursor,
          session: cursor,
          start: cursor,
          pattern: this.#pick(["*", "[", null]),
        };
      default:
        return this.#json(2);
    }
  }

  #header(type: string): Header {
    return {
      msg_id: `fuzz-${Math.floor(this.#random() * 2 ** 48).toString(16)}`,
      msg_type: type,
      session: this.#session,
      username: "fuzzer",
      date: new Date().toISOString(),
      version: protocolVersion,
    };
  }

  #badHeader(): Buffer[] {
    const good = this.#header(this.#pick(answered));
    const header = this.#pick<unknown>([
      null,
      [],
      {},
      "header",
      { ...good, msg_type: 42 },
      { ...good, msg_id: undefined },
      { ...good, msg_type: "" },
    ]);
    const parent = this.#pick<unknown>([{}, null, [1]]);
    const parts = [header, parent, this.#pick<unknown>([{}, null]), {}].map((p) =>
      Buffer.from(JSON.stringify(p)),
    );
    return [Buffer.from(delimiter), Buffer.from(this.#signer.sign(parts)), ...parts];
  }

  #notJson(): Buffer[] {
    const parts = [JSON.stringify(this.#header("kernel_info_request")), "{", "{}", "{}"].map((p) =>
      Buffer.from(p),
    );
    if (this.#random() < 0.5) parts.reverse();
    return [Buffer.from(delimiter), Buffer.from(this.#signer.sign(parts)), ...parts];
  }

  #badlySigned(): Buffer[] {
    const parts = [this.#header(this.#pick(answered)), {}, {}, { code: "1" }].map((p) =>
      Buffer.from(JSON.stringify(p)),
    );
    const signature = this.#pick(["0".repeat(64), this.#bytes(32).toString("hex"), "zz", ""]);
    return [Buffer.from(delimiter), Buffer.from(signature), ...parts];
  }

  #unsigned(): Buffer[] {
    const parts = [this.#header(this.#pick(answered)), {}, {}, { code: "1" }].map((p) =>
      Buffer.from(JSON.stringify(p)),
    );
    return [Buffer.from(delimiter), Buffer.from(""), ...parts];
  }

  #randomFrames(): Buffer[] {
    const frames = Array.from({ length: randomInt(this.#random, 9) }, () =>
      Buffer.from(this.#bytes(randomInt(this.#random, 64))),
    );
    if (frames.length > 0 && this.#random() < 0.5)
      frames[randomInt(this.#random, frames.length)] = Buffer.from(delimiter);
    return frames.length > 0 ? frames : [Buffer.alloc(0)];
  }

  /** Any JSON value, nested at most `depth` deep, with keys that trip naive code. */
  #json(depth: number): unknown {
    const roll = randomInt(this.#random, depth > 0 ? 8 : 6);
    switch (roll) {
      case 0:
        return null;
      case 1:
        return this.#random() < 0.5;
      case 2:
        return this.#pick([0, -1, 1e308, -0, 2 ** 53 + 1, 0.5]);
      case 3:
        return this.#bytes(randomInt(this.#random, 12)).toString("latin1");
      case 4:
        return this.#pick(["", "\u0000", "\u{1F600}", "<IDS|MSG>", "__proto__"]);
      case 5:
        return this.#pick(cells);
      case 6:
        return Array.from({ length: randomInt(this.#random, 4) }, () => this.#json(depth - 1));
      default: {
        const object: Record<string, unknown> = {};
        for (const key of ["code", "__proto__", "constructor", "cursor_pos", "value", "restart"]) {
          // defined, not assigned: "__proto__" becomes an own key, as JSON.parse makes it
          const value = this.#json(depth - 1);
          if (this.#random() < 0.4) Object.defineProperty(object, key, { value, enumerable: true });
        }
        return object;
      }
    }
  }

  #bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => randomInt(this.#random, 256)));
  }

  #pick<T>(options: readonly T[]): T {
    return options[randomInt(this.#random, options.length)];
  }
}
