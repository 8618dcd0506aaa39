/**
 * Integration: the real kernel process, driven over zeromq like a frontend, one test per message type.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { encode } from "../../kernel/protocol/wire.js";
import { KernelClient } from "../../runner/client.js";
import { tempDir } from "../temp-dirs.js";
import { installEsmPackage } from "./esm-package.js";

/** A notebook folder far from this package, with ESM-only packages installed next to it. */
function notebookDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "explr-notebook-"));
  installEsmPackage(dir, "esm-only", "export const answer = 42;\n", "export declare const answer: number;\n");
  installEsmPackage(
    dir,
    "esm-top-level-await",
    "const ready = await Promise.resolve(6);\nexport const answer = ready * 7;\nexport default () => 'hi';\n",
    "export declare const answer: number;\ndeclare const hello: () => string;\nexport default hello;\n",
  );
  return dir;
}

const types = (messages: { header: { msg_type: string } }[]) => messages.map((m) => m.header.msg_type);

/**
 * Waits until the kernel's stderr matches `pattern`. A log line has no order with the replies: it travels on the
 * stderr pipe, not on zeromq, and a drop on control is logged by another thread than the one answering shell; so a
 * test that read stderr right after a reply would race with the kernel on a busy machine.
 */
async function logged(kernel: KernelClient, pattern: RegExp, ms = 30_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!pattern.test(kernel.stderr.join(""))) {
    if (performance.now() > deadline) {
      assert.fail(`the kernel never logged ${pattern} in ${ms} ms; its stderr:\n${kernel.stderr.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("explr kernel over zeromq", { timeout: 120_000 }, () => {
  let kernel: KernelClient;
  before(async () => {
    // The history in memory only: the tests read it back, and the user's own history file must not change.
    kernel = await KernelClient.start(notebookDir(), undefined, { ...process.env, EXPLR_HISTORY_FILE: "" });
  });
  after(() => kernel.close());

  test("heartbeat echoes what it is sent", async () => {
    await kernel.heartbeat.send("ping-42");
    const [echo] = await kernel.heartbeat.receive();
    assert.equal(echo.toString(), "ping-42");
  });

  test("kernel_info_reply describes a TypeScript kernel with status ok", async () => {
    const answer = await kernel.request("kernel_info_request", {});
    assert.equal(answer.content.status, "ok");
    assert.equal(answer.content.protocol_version, "5.3");
    assert.equal(answer.content.implementation, "explr");
    const language = answer.content.language_info as Record<string, unknown>;
    assert.equal(language.name, "typescript");
    assert.equal(language.file_extension, ".ts");
    assert.ok((answer.content.help_links as unknown[]).length > 0);
    assert.match(String(answer.content.banner), /explr/);
  });

  test("a message with a bad signature is rejected, never run; the next good one is answered", async () => {
    const forged = kernel.message("execute_request", { code: "globalThis.forged = true", silent: false });
    const frames = encode(forged, kernel.signer);
    const at = frames.findIndex((f) => f.toString() === "<IDS|MSG>");
    frames[at + 1] = Buffer.from("0".repeat(64));
    await kernel.shell.send(frames);
    const { reply, outputs } = await kernel.execute("typeof (globalThis as any).forged");
    assert.equal(reply.content.status, "ok");
    assert.equal((outputs[0].content.data as Record<string, string>)["text/plain"], "'undefined'");
    assert.deepEqual(kernel.publishedFor(forged), []);
  });

  test("a replayed message (the same signed frames again) is dropped: the cell runs once", async () => {
    await kernel.execute("let replays = 0;");
    const once = encode(
      kernel.message("execute_request", { code: "replays++", silent: true }),
      kernel.signer,
    );
    await kernel.shell.send(once);
    await kernel.shell.send(once);
    // shell is served in order: the cell below runs after both copies were handled
    const counted = await kernel.execute("replays");
    assert.equal((counted.outputs[0].content.data as Record<string, string>)["text/plain"], "1");
    await logged(kernel, /dropped a message on shell \(ReplayedMessageError: duplicate signature/);
    // the same frames on control (another socket, another thread) are a replay too; control has no order with
    // shell, so the drop is awaited before the count is read again
    await kernel.control.send(once);
    await logged(kernel, /dropped a message on control \(a replay of a message sent on another channel\)/);
    const after = await kernel.execute("replays");
    assert.equal((after.outputs[0].content.data as Record<string, string>)["text/plain"], "1");
  });

  test("whatever a cell throws or shows, it is answered, and so is the cell queued behind it", async () => {
    const hostile: [string, string, RegExp][] = [
      ["throw 10n", "Uncaught", /^10n$/],
      [
        "const o: any = { name: 'loop' }; o.self = o; throw o",
        "Uncaught",
        /^<ref \*1> \{ name: 'loop', self: \[Circular \*1\] \}$/,
      ],
      [
        "throw new Proxy({ inner: 1 }, { get() { throw 1; }, has() { throw 2; }, getPrototypeOf() { throw 3; } })",
        "Uncaught",
        /^\{ inner: 1 \}$/, // as Node shows a Proxy: its target, no trap called
      ],
      [
        'const e = new RangeError("no stack"); Object.defineProperty(e, "stack", { get() { throw e; } }); throw e',
        "RangeError",
        /^no stack$/,
      ],
      [
        'const e2 = new Error("x"); Object.defineProperty(e2, "message", { get() { throw 1; } }); throw e2',
        "Error",
        /could not be read/,
      ],
      [
        'import { inspect } from "node:util"; ({ [inspect.custom]() { throw new TypeError("custom broke"); } })',
        "TypeError",
        /^custom broke$/,
      ],
      [
        '({ [Symbol.for("Jupyter.display")]() { throw new Error("display broke"); } })',
        "Error",
        /^display broke$/,
      ],
    ];
    for (const [code, ename, evalue] of hostile) {
      const failing = kernel.message("execute_request", { code, stop_on_error: false });
      const queued = kernel.message("execute_request", { code: "1 + 1", stop_on_error: false });
      const [failed, next] = await Promise.all([kernel.send(failing), kernel.send(queued)]);
      assert.equal(failed.content.status, "error", code);
      assert.equal(failed.content.ename, ename, code);
      assert.match(String(failed.content.evalue), evalue, code);
      await kernel.idle(failing);
      assert.deepEqual(
        types(kernel.outputsOf(failing)).filter((t) => t !== "execute_input"),
        ["error"],
        `${code}: one error output`,
      );
      assert.equal(next.content.status, "ok", `${code}: the queued cell`);
    }
  });

  test("signed but malformed requests get error replies; a null header is dropped; interrupt still works", async () => {
    const signedFrames = (parts: string[]) => [
      Buffer.from("<IDS|MSG>"),
      Buffer.from(kernel.signer.sign(parts)),
      ...parts.map((p) => Buffer.from(p)),
    ];
    /** Sends `message` with `content` (JSON text) as its content frame, signed; resolves with its reply. */
    const sendWithContent = (
      socket: typeof kernel.shell,
      message: { header: { msg_id: string } },
      content: string,
    ) => {
      const answered = kernel.next(
        (m) =>
          m.header.msg_type.endsWith("_reply") &&
          (m.parent_header as { msg_id?: string }).msg_id === message.header.msg_id,
      );
      void socket.send(signedFrames([JSON.stringify(message.header), "{}", "{}", content]));
      return answered;
    };
    const malformed = sendWithContent(kernel.shell, kernel.message("execute_request", {}), "null");
    const served = kernel.send(kernel.message("execute_request", { code: "'still served'" }));
    assert.equal((await malformed).content.ename, "BadRequest");
    assert.match(String((await malformed).content.evalue), /content must be a JSON object, got null/);
    assert.equal((await served).content.status, "ok", "the cell queued behind is answered");

    const noCode = await kernel.request("complete_request", { cursor_pos: 0 });
    assert.deepEqual([noCode.content.status, noCode.content.ename], ["error", "BadRequest"]);
    assert.match(String(noCode.content.evalue), /content.code must be a string/);

    await kernel.control.send(signedFrames(["null", "{}", "{}", "{}"]));
    const controlNull = sendWithContent(kernel.control, kernel.message("shutdown_request", {}), "null");
    assert.equal((await controlNull).content.ename, "BadRequest", "no shutdown from a malformed request");
    assert.equal((await kernel.request("interrupt_request", {}, "control")).content.status, "ok");
    await logged(kernel, /dropped a message on control \(RangeError: malformed message/);
    assert.equal((await kernel.execute("1 + 1")).reply.content.status, "ok");
  });

  test("execute: counts, the last value as execute_result, streams, and type-checked cells", async () => {
    const first = await kernel.execute("const base: number = 40; base + 2");
    const count = first.reply.content.execution_count as number;
    assert.ok(count >= 1);
    assert.deepEqual(types(first.outputs), ["execute_result"]);
    assert.equal(first.outputs[0].content.execution_count, count);
    assert.equal((first.outputs[0].content.data as Record<string, string>)["text/plain"], "42");

    const printed = await kernel.execute('console.log("out"); console.error("err"); base');
    assert.equal(printed.reply.content.execution_count, count + 1);
    assert.deepEqual(types(printed.outputs), ["stream", "stream", "execute_result"]);
    assert.deepEqual(
      printed.outputs.slice(0, 2).map((m) => [m.content.name, m.content.text]),
      [
        ["stdout", "out\n"],
        ["stderr", "err\n"],
      ],
    );

    const silent = await kernel.execute("base * 10", { silent: true });
    assert.equal(silent.reply.content.execution_count, count + 1, "silent cells do not count");
    assert.deepEqual(silent.outputs, []);
  });

  test("errors carry ename, evalue and traceback, on IOPub and in the reply", async () => {
    const thrown = await kernel.execute('throw new RangeError("lr must be > 0, got -1")');
    assert.equal(thrown.reply.content.status, "error");
    assert.equal(thrown.reply.content.ename, "RangeError");
    assert.equal(thrown.reply.content.evalue, "lr must be > 0, got -1");
    assert.deepEqual(types(thrown.outputs), ["error"]);
    assert.match(
      stripVTControlCharacters((thrown.outputs[0].content.traceback as string[]).at(-1) ?? ""),
      /^RangeError: lr must be > 0/,
    );

    const typeError = await kernel.execute('const wrong: number = "text"');
    assert.equal(typeError.reply.content.ename, "TypeScriptError");
    assert.match(String(typeError.reply.content.evalue), /not assignable to type 'number'/);
  });

  test("stop_on_error aborts exactly the cells queued behind a failure, and only when asked", async () => {
    const failing = kernel.message("execute_request", {
      code: 'throw new Error("stop")',
      stop_on_error: true,
    });
    const queued = kernel.message("execute_request", { code: "1", stop_on_error: true });
    const [failed, aborted] = await Promise.all([kernel.send(failing), kernel.send(queued)]);
    assert.equal(failed.content.status, "error");
    assert.equal(aborted.content.status, "aborted");

    const tolerant = kernel.message("execute_request", {
      code: 'throw new Error("go on")',
      stop_on_error: false,
    });
    const next = kernel.message("execute_request", { code: "2", stop_on_error: true });
    const [error, ran] = await Promise.all([kernel.send(tolerant), kernel.send(next)]);
    assert.equal(error.content.status, "error");
    assert.equal(ran.content.status, "ok");

    const after = await kernel.execute("3");
    assert.equal(after.reply.content.status, "ok", "a cell sent after the error reply runs");
  });

  test("rich display: displayable last value, display(), display_id updates and clear_output", async () => {
    const figure =
      '({ [Symbol.for("Jupyter.display")]() { return { "text/html": "<b>fig</b>", "application/json": { a: 1 } }; } })';
    const last = await kernel.execute(figure);
    const data = last.outputs[0].content.data as Record<string, unknown>;
    assert.equal(data["text/html"], "<b>fig</b>");
    assert.deepEqual(data["application/json"], { a: 1 });
    assert.ok(typeof data["text/plain"] === "string", "a text/plain fallback is always there");

    const live = await kernel.execute(
      'import { display, clearOutput } from "explr";\n' +
        'display("epoch 1", { displayId: "progress" });\n' +
        'display("epoch 2", { displayId: "progress", update: true });\n' +
        "clearOutput(true);",
    );
    assert.deepEqual(types(live.outputs), ["display_data", "update_display_data", "clear_output"]);
    assert.deepEqual(live.outputs[0].content.transient, { display_id: "progress" });
    assert.deepEqual(live.outputs[1].content.transient, { display_id: "progress" });
    assert.deepEqual(live.outputs[1].content.data, { "text/plain": "epoch 2" });
    assert.equal(live.outputs[2].content.wait, true);
  });

  test("the explr library and ESM-only packages import from a notebook outside the package", async () => {
    const library = await kernel.execute('import * as explr from "explr"; typeof explr.display');
    assert.equal((library.outputs[0].content.data as Record<string, string>)["text/plain"], "'function'");
    const esm = await kernel.execute('import { answer } from "esm-only"; answer');
    assert.equal(esm.reply.content.status, "ok", JSON.stringify(esm.reply.content));
    assert.equal((esm.outputs[0].content.data as Record<string, string>)["text/plain"], "42");
    // require(esm) refuses top-level await: such a package comes through import()
    const tla = await kernel.execute(
      'import hello, { answer as a } from "esm-top-level-await"; hello() + " " + a',
    );
    assert.equal(tla.reply.content.status, "ok", JSON.stringify(tla.reply.content));
    assert.equal((tla.outputs[0].content.data as Record<string, string>)["text/plain"], "'hi 42'");
  });

  test("complete and inspect count cursors in code points, astral characters included", async () => {
    const code = 'const 𝒳 = "😀"; Math.ma';
    const cursor = [...code].length;
    const completed = await kernel.request("complete_request", { code, cursor_pos: cursor });
    assert.deepEqual(completed.content.matches, ["max"]);
    assert.equal(completed.content.cursor_end, cursor);
    assert.equal(completed.content.cursor_start, cursor - 2);

    const inspectCode = '"😀😀"; Math.max';
    const inspected = await kernel.request("inspect_request", {
      code: inspectCode,
      cursor_pos: [...inspectCode].length - 1,
      detail_level: 0,
    });
    assert.equal(inspected.content.found, true);
    assert.match((inspected.content.data as Record<string, string>)["text/plain"], /Math\.max/);

    const nothing = await kernel.request("inspect_request", { code: "   ", cursor_pos: 1, detail_level: 0 });
    assert.equal(nothing.content.found, false);
  });

  test("is_complete tells complete, incomplete (with indent) and invalid code apart", async () => {
    const status = async (code: string) => (await kernel.request("is_complete_request", { code })).content;
    assert.equal((await status("let a = 1;")).status, "complete");
    assert.deepEqual(await status("function f() {"), { status: "incomplete", indent: "  " });
    assert.equal((await status("1 +* 2")).status, "invalid");
  });

  test("history: tail, range and search", async () => {
    await kernel.execute("'history marker'");
    const tail = await kernel.request("history_request", {
      hist_access_type: "tail",
      n: 1,
      output: true,
      raw: true,
    });
    const [[session, line, [input, output]]] = tail.content.history as [number, number, [string, string]][];
    assert.equal(input, "'history marker'");
    assert.equal(output, "'history marker'");
    const range = await kernel.request("history_request", {
      hist_access_type: "range",
      session,
      start: line,
      stop: line + 1,
      output: false,
      raw: true,
    });
    assert.deepEqual(range.content.history, [[session, line, "'history marker'"]]);
    const search = await kernel.request("history_request", {
      hist_access_type: "search",
      pattern: "*marker*",
      output: false,
      raw: true,
    });
    assert.deepEqual(search.content.history, [[session, line, "'history marker'"]]);
  });

  test("comms: a cell's target answers comm_open and comm_msg; comm_info lists it; comm_close forgets it", async () => {
    await kernel.execute(
      'import { comms } from "explr/kernel";\n' +
        'comms.registerTarget("echo", (comm, data) => { comm.send({ opened: data }); comm.onMessage((d) => comm.send({ echo: d })); });',
    );
    const open = kernel.message("comm_open", { comm_id: "c-1", target_name: "echo", data: { hello: 1 } });
    const opened = kernel.next((m) => m.header.msg_type === "comm_msg" && m.content.comm_id === "c-1");
    await kernel.shell.send(encode(open, kernel.signer));
    assert.deepEqual((await opened).content.data, { opened: { hello: 1 } });

    const echoed = kernel.next(
      (m) => m.header.msg_type === "comm_msg" && "echo" in (m.content.data as object),
    );
    await kernel.shell.send(
      encode(kernel.message("comm_msg", { comm_id: "c-1", data: { x: 2 } }), kernel.signer),
    );
    assert.deepEqual((await echoed).content.data, { echo: { x: 2 } });

    const info = await kernel.request("comm_info_request", { target_name: "echo" });
    assert.deepEqual(info.content.comms, { "c-1": { target_name: "echo" } });

    await kernel.shell.send(
      encode(kernel.message("comm_close", { comm_id: "c-1", data: {} }), kernel.signer),
    );
    const afterClose = await kernel.request("comm_info_request", {});
    assert.deepEqual(afterClose.content.comms, {});

    const unknown = kernel.message("comm_open", { comm_id: "c-2", target_name: "nobody", data: {} });
    const closed = kernel.next((m) => m.header.msg_type === "comm_close" && m.content.comm_id === "c-2");
    await kernel.shell.send(encode(unknown, kernel.signer));
    assert.equal((await closed).content.comm_id, "c-2", "an unknown target gets its comm closed");
  });

  test("stdin: input() sends input_request and resolves with the input_reply", async () => {
    const asked = kernel.next((m) => m.header.msg_type === "input_request");
    const running = kernel.execute(
      'import { input } from "explr/kernel"; const name = await input("Name? "); name.length',
    );
    const request = await asked;
    assert.deepEqual(request.content, { prompt: "Name? ", password: false });
    const answer = kernel.message("input_reply", { value: "Ada😀" });
    answer.parent_header = request.header;
    await kernel.stdin.send(encode(answer, kernel.signer));
    const { outputs } = await running;
    assert.equal((outputs[0].content.data as Record<string, string>)["text/plain"], "5");

    const refused = await kernel.execute('await input("x")', { allow_stdin: false });
    assert.equal(refused.reply.content.status, "error");
    assert.match(String(refused.reply.content.evalue), /allow_stdin/);
  });

  test("stdin: prompt() blocks the cell until the input_reply, and an interrupt_request wakes it", async () => {
    const asked = kernel.next(
      (m) => m.header.msg_type === "input_request" && m.content.prompt === "Epochs? ",
    );
    const running = kernel.execute(
      'import { prompt } from "explr/kernel"; const epochs = Number(prompt("Epochs? ", "8")) * 2; epochs',
    );
    const request = await asked;
    // the main thread is blocked in prompt(): the heartbeat still answers
    await kernel.heartbeat.send("while-blocked");
    assert.equal((await kernel.heartbeat.receive())[0].toString(), "while-blocked");
    const answer = kernel.message("input_reply", { value: "" });
    answer.parent_header = request.header;
    await kernel.stdin.send(encode(answer, kernel.signer));
    const { outputs } = await running;
    assert.equal(
      (outputs[0].content.data as Record<string, string>)["text/plain"],
      "16",
      "empty answer → default",
    );

    const unanswered = kernel.execute('const never = prompt("Nobody answers: ");');
    await kernel.next(
      (m) => m.header.msg_type === "input_request" && m.content.prompt === "Nobody answers: ",
    );
    const interrupt = await kernel.request("interrupt_request", {}, "control");
    assert.equal(interrupt.content.status, "ok");
    assert.equal((await unanswered).reply.content.ename, "Interrupted");
  });

  for (const how of ["interrupt_request", "SIGINT"] as const) {
    test(`${how} stops a running synchronous loop and an awaiting cell; variables survive`, async () => {
      await kernel.execute("let survivor = 7; let spins = 0;");
      // Each cell writes a marker once it runs, and is interrupted only then: an interrupt while the cell is still
      // type checked (a loaded machine) would stop its compile instead (tested in faults.test.ts).
      const dir = tempDir("explr-interrupt-");
      const running = async <T>(cell: Promise<T>, marker: string): Promise<T> => {
        while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 50));
        if (how === "SIGINT") kernel.process.kill("SIGINT");
        else assert.equal((await kernel.request("interrupt_request", {}, "control")).content.status, "ok");
        return cell;
      };
      const marks = (name: string) =>
        `import { writeFileSync as mark } from "node:fs";\nmark(${JSON.stringify(path.join(dir, name))}, "");`;
      const looping = path.join(dir, "looping");
      const stopped = await running(kernel.execute(`${marks("looping")} while (true) { spins++; }`), looping);
      assert.equal(stopped.reply.content.status, "error");
      assert.equal(stopped.reply.content.ename, "Interrupted");

      // the awaiting cell is rejected, and the work it started sees its cell's signal aborted
      await kernel.execute('import { cellSignal } from "explr"; let started: AbortSignal | undefined;');
      const waiting = kernel.execute(
        `started = cellSignal(); ${marks("waiting")} await new Promise(() => {})`,
      );
      assert.equal((await running(waiting, path.join(dir, "waiting"))).reply.content.ename, "Interrupted");

      const alive = await kernel.execute("[spins > 0 ? survivor : -1, started?.aborted]");
      assert.equal((alive.outputs[0].content.data as Record<string, string>)["text/plain"], "[ 7, true ]");
    });
  }
});

describe("explr kernel with a cell's own SIGINT listener", { timeout: 120_000 }, () => {
  test("SIGINT while idle reaches the cell's listener and leaves the kernel alive; a loop is still stopped", async () => {
    const kernel = await KernelClient.start();
    try {
      // idle SIGINTs before any listener: the kernel's holder threads take them
      await kernel.execute("let heard = 0;\nconst countSigint = () => { heard++; };");
      kernel.process.kill("SIGINT");
      kernel.process.kill("SIGINT");
      // a SIGINT reaches a holder through Node's watchdog thread: on a busy machine it may reach the cell that starts
      // just after it instead, which is then interrupted as if the SIGINT had come a moment later
      for (let interrupted = 0; ; interrupted++) {
        const added = await kernel.execute(
          'process.off("SIGINT", countSigint); process.on("SIGINT", countSigint);',
        );
        if (added.reply.content.status === "ok") break;
        assert.equal(added.reply.content.ename, "Interrupted");
        assert.ok(interrupted < 2, "more cells were interrupted than SIGINTs were sent");
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      kernel.process.kill("SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 500));
      const heard = await kernel.execute("heard");
      assert.equal((heard.outputs[0].content.data as Record<string, string>)["text/plain"], "1");

      // SIGINT until the loop ends: one that lands while the cell is still type checked has nothing to stop yet
      let ended = false;
      const looping = kernel.execute("while (true) {}").finally(() => {
        ended = true;
      });
      while (!ended) {
        await new Promise((resolve) => setTimeout(resolve, 400));
        if (!ended) kernel.process.kill("SIGINT");
      }
      assert.equal((await looping).reply.content.ename, "Interrupted");
      assert.equal((await kernel.execute("1 + 1")).reply.content.status, "ok");
      assert.equal(kernel.process.exitCode, null, kernel.stderr.join(""));
    } finally {
      kernel.close();
    }
  });
  test("an interrupt_request while idle raises no SIGINT: a cell's listener hears nothing, the next cell runs", async () => {
    const kernel = await KernelClient.start();
    try {
      await kernel.execute('let heard = 0;\nprocess.on("SIGINT", () => { heard++; });');
      assert.equal((await kernel.request("interrupt_request", {}, "control")).content.status, "ok");
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await kernel.execute("heard");
      assert.equal(after.reply.content.status, "ok", "the cell after the interrupt is not interrupted");
      assert.equal((after.outputs[0].content.data as Record<string, string>)["text/plain"], "0");
    } finally {
      kernel.close();
    }
  });
});

describe("explr kernel shutdown", { timeout: 60_000 }, () => {
  test("shutdown_request with restart is answered, then the process exits cleanly", async () => {
    const kernel = await KernelClient.start();
    try {
      const answer = await kernel.request("shutdown_request", { restart: true }, "control");
      assert.deepEqual(answer.content, { status: "ok", restart: true });
      assert.equal(await kernel.exited(), 0, kernel.stderr.join(""));
    } finally {
      kernel.close();
    }
  });
});

describe("explr kernel and a cell's process.exit()", { timeout: 60_000 }, () => {
  test("output written just before process.exit() reaches IOPub", async () => {
    const kernel = await KernelClient.start();
    try {
      const cell = kernel.message("execute_request", {
        code: 'console.log("last words"); process.stderr.write("and a warning\\n"); process.exit(3)',
      });
      const streamed = kernel.next((m) => m.header.msg_type === "stream" && m.content.name === "stderr");
      await assert.rejects(kernel.send(cell), /the kernel exited \(code 3\)/);
      await Promise.race([streamed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      const streams = kernel.outputsOf(cell).filter((m) => m.header.msg_type === "stream");
      assert.deepEqual(
        streams.map((m) => [m.content.name, m.content.text]),
        [
          ["stdout", "last words\n"],
          ["stderr", "and a warning\n"],
        ],
      );
    } finally {
      kernel.close();
    }
  });
});

describe("explr kernel history file", { timeout: 60_000 }, () => {
  test("the next kernel answers history_request with the earlier session's cells", async () => {
    const env = { ...process.env, EXPLR_HISTORY_FILE: path.join(tempDir("explr-history-"), "history.jsonl") };
    const first = await KernelClient.start(undefined, undefined, env);
    try {
      await first.execute("const persisted = 6");
      await first.execute("persisted * 7");
    } finally {
      await first.shutdown();
    }
    const second = await KernelClient.start(undefined, undefined, env);
    try {
      const earlier = await second.request("history_request", {
        hist_access_type: "range",
        session: -1,
        start: 1,
        output: true,
        raw: true,
      });
      assert.deepEqual(earlier.content.history, [
        [1, 1, ["const persisted = 6", null]],
        [1, 2, ["persisted * 7", "42"]],
      ]);
    } finally {
      await second.shutdown();
    }
  });
});
