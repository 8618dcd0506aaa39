/**
 * Integration: widgets in the real kernel process, driven over zeromq as JupyterLab's widget manager drives them.
 * A cell's widgets open their comms on IOPub; a frontend's comm_msg update reaches the kernel-side value and its
 * callbacks, and is echoed; `interact` renders again into its Output.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { encode, type Message } from "../../kernel/protocol/wire.js";
import { KernelClient } from "../../runner/client.js";

describe("widgets in the explr kernel", { timeout: 120_000 }, () => {
  let kernel: KernelClient;
  before(async () => {
    kernel = await KernelClient.start();
  });
  after(() => kernel.close());

  /** Sends a comm_msg as a frontend does (no reply comes) and waits until the kernel is idle after it. */
  async function frontendSends(commId: string, data: Record<string, unknown>): Promise<Message[]> {
    const message = kernel.message("comm_msg", { comm_id: commId, data });
    await kernel.shell.send(encode(message, kernel.signer));
    await kernel.idle(message);
    return kernel.outputsOf(message);
  }

  /** The text/plain of a cell's value. */
  async function cellValue(code: string): Promise<string> {
    const { outputs } = await kernel.execute(code);
    const result = outputs.find((m) => m.header.msg_type === "execute_result");
    return String((result?.content.data as Record<string, unknown> | undefined)?.["text/plain"]);
  }

  const opened = (outputs: Message[], modelName: string) =>
    outputs.find(
      (m) =>
        m.header.msg_type === "comm_open" &&
        (m.content.data as { state: { _model_name: string } }).state._model_name === modelName,
    );

  test("a slider's comm_open arrives on IOPub and the cell shows its view", async () => {
    const { reply, outputs } = await kernel.execute(
      'import { widgets } from "explr";\n' +
        'const k = new widgets.IntSlider({ value: 2, max: 10, description: "k" });\n' +
        "const heard: number[] = [];\n" +
        "k.onChange((value) => heard.push(value));\n" +
        "k",
    );
    assert.equal(reply.content.status, "ok");
    const open = opened(outputs, "IntSliderModel");
    assert.ok(open, `no IntSliderModel comm_open among ${outputs.map((m) => m.header.msg_type)}`);
    assert.equal(open.content.target_name, "jupyter.widget");
    assert.deepEqual(
      open.metadata,
      { version: "2.1.0" },
      "in the message's metadata, where widget managers look",
    );
    assert.ok(opened(outputs, "LayoutModel") && opened(outputs, "SliderStyleModel"));
    const result = outputs.find((m) => m.header.msg_type === "execute_result");
    const data = result?.content.data as Record<string, { model_id: string }>;
    assert.equal(data["application/vnd.jupyter.widget-view+json"]?.model_id, open.content.comm_id);
  });

  test("an update from the frontend is echoed, changes the kernel's value and fires its callbacks", async () => {
    const modelId = (await cellValue("k.modelId")).slice(1, -1);
    const answered = await frontendSends(modelId, {
      method: "update",
      state: { value: 7 },
      buffer_paths: [],
    });
    const echo = answered.find((m) => m.header.msg_type === "comm_msg");
    assert.deepEqual(echo?.content, {
      comm_id: modelId,
      data: { method: "echo_update", state: { value: 7 }, buffer_paths: [] },
    });
    assert.equal(await cellValue("JSON.stringify([k.value, heard])"), "'[7,[7]]'");
  });

  test("interact shows itself where it is called, once, whether or not the cell ends with it", async () => {
    const viewsOf = (outputs: Message[]) =>
      outputs.flatMap((m) => {
        const view = (m.content.data as Record<string, { model_id?: string }> | undefined)?.[
          "application/vnd.jupyter.widget-view+json"
        ];
        return view ? [`${m.header.msg_type} ${view.model_id}`] : [];
      });
    const assigned = await kernel.execute(
      'const shown = await widgets.interact({ k }, ({ k }) => "k is " + k);',
    );
    const box = (await cellValue("shown.modelId")).slice(1, -1);
    assert.deepEqual(viewsOf(assigned.outputs), [`display_data ${box}`]);
    const last = await kernel.execute('await widgets.interact({ k }, ({ k }) => "k is " + k);');
    assert.equal(viewsOf(last.outputs).length, 1, `one view, got ${viewsOf(last.outputs)}`);
    assert.match(viewsOf(last.outputs)[0], /^display_data /);
    assert.deepEqual(viewsOf((await kernel.execute("shown")).outputs), [`execute_result ${box}`]);
  });

  test("interact renders again into its Output when the frontend moves the slider", async () => {
    const { outputs } = await kernel.execute(
      'const view = await widgets.interact({ k }, ({ k }) => "k squared is " + k * k, { minIntervalMs: 0 });\n' +
        "view",
    );
    const output = opened(outputs, "OutputModel");
    assert.ok(output, "the Output widget is opened");
    const firstOutputs = outputs.find(
      (m) => m.header.msg_type === "comm_msg" && m.content.comm_id === output.content.comm_id,
    );
    assert.match(JSON.stringify(firstOutputs?.content.data), /k squared is 49/);
    const rendered = kernel.next(
      (m) =>
        m.header.msg_type === "comm_msg" &&
        m.content.comm_id === output.content.comm_id &&
        JSON.stringify(m.content.data).includes("k squared is 9"),
    );
    await frontendSends((await cellValue("k.modelId")).slice(1, -1), {
      method: "update",
      state: { value: 3 },
      buffer_paths: [],
    });
    const update = await rendered;
    assert.equal((update.content.data as { method: string }).method, "update");
  });
});
