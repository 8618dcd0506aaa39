import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { plot } from "../../src/index.js";
import { Output } from "../../src/widgets/index.js";
import { FakeFrontend } from "./fake-frontend.js";
import { assertSameAsIpywidgets } from "./ipywidgets-reference.js";

let frontend: FakeFrontend;
beforeEach(() => {
  frontend = new FakeFrontend().install();
});
afterEach(() => frontend.uninstall());

test("Output opens the model ipywidgets opens", () => {
  assertSameAsIpywidgets(frontend, new Output(), "Output");
});

test("show replaces the outputs state with the values' displays; append and write add to it", () => {
  const output = new Output();
  const figure = new plot.Figure({ data: [{ type: "scatter", x: [0, 1], y: [2, 3] }] });
  const from = frontend.sent.length;
  output.show(figure);
  const [update] = frontend.messagesTo(output.modelId, from);
  const outputs = (
    (update as { state: unknown }).state as {
      outputs: { output_type: string; data: Record<string, unknown> }[];
    }
  ).outputs;
  assert.equal(outputs.length, 1);
  assert.equal(outputs[0]?.output_type, "display_data");
  assert.deepEqual(outputs[0]?.data["application/vnd.plotly.v1+json"], figure.toJSON());
  output.append("text", { a: 1 });
  output.write("done\n");
  assert.deepEqual(output.outputs.slice(1), [
    { output_type: "display_data", data: { "text/plain": "text" }, metadata: {} },
    { output_type: "display_data", data: { "text/plain": "{ a: 1 }" }, metadata: {} },
    { output_type: "stream", name: "stdout", text: "done\n" },
  ]);
  output.clear();
  assert.deepEqual(output.outputs, []);
});
