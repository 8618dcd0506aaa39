/**
 * Fault injection: a protocol fuzzer against a real kernel process over zeromq. Random and malformed frames,
 * headers and contents, signed and unsigned, replays, on shell, control and stdin, and random frames on the
 * heartbeat; a widget's comm gets updates with hostile state keys (`__proto__`, inherited names, unknown traits).
 * The kernel must answer every signed, well-formed request it owes a reply (whatever its content), answer nothing
 * else, keep the widget's state to its declared keys with its prototype, and afterwards still run `1 + 1` and stop
 * a running cell on interrupt.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Dealer, Request } from "zeromq";
import { channelAddress } from "../../../kernel/protocol/connection.js";
import { decode } from "../../../kernel/protocol/wire.js";
import { KernelClient } from "../../../runner/client.js";
import { mulberry32 } from "../../../src/random.js";
import { type FuzzChannel, MessageFuzzer } from "./fuzz-messages.js";

/** The seed: EXPLR_FUZZ_SEED explores others; a failure prints the one it used. */
const seed = Number(process.env.EXPLR_FUZZ_SEED ?? 14);
const messages = 300;

describe("the kernel under a protocol fuzzer", { timeout: 180_000 }, () => {
  let kernel: KernelClient;
  before(async () => {
    kernel = await KernelClient.start(undefined, undefined, { ...process.env, EXPLR_HISTORY_FILE: "" });
  });
  after(() => kernel.close());

  test(`${messages} fuzzed messages (seed ${seed}): every owed reply, nothing else; 1 + 1 and interrupt still work`, async (t) => {
    const random = mulberry32(seed);
    const fuzzer = new MessageFuzzer(random, kernel.signer, kernel.session);
    const widget = await kernel.execute(
      'import { widgets } from "explr";\nconst slider = new widgets.IntSlider({ value: 3, max: 10 });\n' +
        "const declared = JSON.stringify(Object.keys(slider.state));\nslider",
    );
    const opened = widget.outputs.filter((m) => m.header.msg_type === "comm_open");
    const widgetCommId = (opened.at(-1)?.content as { comm_id?: string } | undefined)?.comm_id;
    assert.ok(widgetCommId, `the slider opened its comm: ${JSON.stringify(widget.reply.content)}`);
    fuzzer.aimAt(widgetCommId);
    const sockets: Record<FuzzChannel, Dealer> = {
      shell: new Dealer({ linger: 0, sendTimeout: 10_000 }),
      control: new Dealer({ linger: 0, sendTimeout: 10_000 }),
      stdin: new Dealer({ linger: 0, sendTimeout: 10_000 }),
    };
    // Whatever fails below, the sockets are closed: an open socket would keep this test file's process alive.
    const heartbeat = new Request({ linger: 0, receiveTimeout: 5000, sendTimeout: 5000 });
    t.after(() => {
      for (const socket of [heartbeat, ...Object.values(sockets)]) if (!socket.closed) socket.close();
    });
    /** The requests owed a reply and not answered yet: msg_id → what was sent where. */
    const owed = new Map<string, string>();
    let owedTotal = 0;
    const unexpected: string[] = [];
    const replies: Record<FuzzChannel, number> = { shell: 0, control: 0, stdin: 0 };
    const reading = Object.entries(sockets).map(async ([channel, socket]) => {
      socket.connect(channelAddress(kernel.info, channel as FuzzChannel));
      try {
        for await (const frames of socket) {
          const reply = decode(frames, kernel.signer);
          const parent = (reply.parent_header as { msg_id?: string }).msg_id ?? "";
          replies[channel as FuzzChannel]++;
          if (!owed.delete(parent)) unexpected.push(`${reply.header.msg_type} to ${parent} on ${channel}`);
        }
      } catch {
        // closed
      }
    });

    const sent: Record<string, number> = {};
    const perChannel: Record<FuzzChannel, number> = { shell: 0, control: 0, stdin: 0 };
    for (let i = 0; i < messages; i++) {
      const fuzzed = fuzzer.next();
      if (fuzzed.owed) {
        owed.set(fuzzed.owed, `${fuzzed.channel}: ${fuzzed.frames.slice(2).join(" ")}`);
        owedTotal++;
      }
      sent[fuzzed.kind] = (sent[fuzzed.kind] ?? 0) + 1;
      perChannel[fuzzed.channel]++;
      await sockets[fuzzed.channel].send(fuzzed.frames);
    }

    // the heartbeat echoes whatever it is sent
    heartbeat.connect(channelAddress(kernel.info, "hb"));
    let echoed = 0;
    for (let i = 0; i < 20; i++) {
      const frames = Array.from({ length: 1 + (i % 3) }, (_, j) => Buffer.from(`${i}:${j}:${random()}`));
      await heartbeat.send(frames);
      assert.deepEqual(await heartbeat.receive(), frames);
      echoed++;
    }
    heartbeat.close();

    const deadline = Date.now() + 90_000;
    while (owed.size > 0 && Date.now() < deadline && kernel.process.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for replies nobody is owed
    for (const socket of Object.values(sockets)) socket.close();
    await Promise.all(reading);

    const counts = {
      seed,
      sentPerChannel: perChannel,
      sentPerKind: sent,
      repliesOwed: owedTotal,
      repliesReceived: replies,
      heartbeatsEchoed: echoed,
    };
    t.diagnostic(`fuzz counts: ${JSON.stringify(counts)}`);
    assert.equal(kernel.process.exitCode, null, `the kernel died: ${kernel.stderr.join("")}`);
    assert.deepEqual(
      [...owed.values()],
      [],
      `requests left unanswered (seed ${seed}); the kernel said: ${kernel.stderr.join("")}`,
    );
    assert.deepEqual(unexpected, [], `replies to requests that owed none (seed ${seed})`);

    // the widget kept its declared keys and its prototype, and no object took a "polluted" field
    const check = await kernel.execute(
      "console.log(JSON.stringify({ keys: JSON.stringify(Object.keys(slider.state)) === declared, " +
        "proto: Object.getPrototypeOf(slider.state) === Object.prototype, " +
        'polluted: "polluted" in {} || "polluted" in slider.state, value: slider.value }))',
    );
    const seen = JSON.parse(String(check.outputs[0]?.content.text)) as Record<string, unknown>;
    assert.deepEqual(
      { ...seen, value: typeof seen.value },
      {
        keys: true,
        proto: true,
        polluted: false,
        value: "number",
      },
    );

    const sum = await kernel.execute("1 + 1");
    assert.equal((sum.outputs[0].content.data as Record<string, string>)["text/plain"], "2");

    // interrupts until the loop ends: one that lands while the cell is still type checked has nothing to stop yet
    let ended = false;
    const looping = kernel.execute("while (true) {}").finally(() => {
      ended = true;
    });
    while (!ended) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      if (!ended)
        assert.equal((await kernel.request("interrupt_request", {}, "control")).content.status, "ok");
    }
    assert.equal((await looping).reply.content.ename, "Interrupted");
  });
});
