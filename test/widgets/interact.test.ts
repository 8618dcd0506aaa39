import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { plot } from "../../src/index.js";
import {
  Dropdown,
  FloatSlider,
  Interactive,
  IntSlider,
  interact,
  type Output,
} from "../../src/widgets/index.js";
import { FakeFrontend } from "./fake-frontend.js";

let frontend: FakeFrontend;
beforeEach(() => {
  frontend = new FakeFrontend().install();
});
afterEach(() => frontend.uninstall());

const figureOf = (k: number) =>
  new plot.Figure({ data: [{ type: "scatter", x: [0, 1, 2], y: [0, k, 2 * k] }] });
const shownY = (view: { output: Output }) =>
  (view.output.outputs[0] as { data: Record<string, { data: { y: number[] }[] }> }).data[
    "application/vnd.plotly.v1+json"
  ]?.data[0]?.y;

test("interact renders once with the initial values, into an Output below the controls", async () => {
  const k = new IntSlider({ value: 2 });
  const kind = new Dropdown({ options: ["a", "b"] });
  const seen: unknown[] = [];
  const view = await interact({ k, kind }, (values) => {
    seen.push(values);
    return figureOf(values.k);
  });
  assert.deepEqual(seen, [{ k: 2, kind: "a" }]);
  assert.equal(view.renders, 1);
  assert.deepEqual(view.state.children, [
    `IPY_MODEL_${k.modelId}`,
    `IPY_MODEL_${kind.modelId}`,
    `IPY_MODEL_${view.output.modelId}`,
  ]);
  assert.deepEqual(shownY(view), [0, 2, 4]);
});

test("a control moved in the frontend renders again: the output shows the new value's figure", async () => {
  const k = new IntSlider({ value: 2 });
  const view = await interact({ k }, ({ k }) => figureOf(k), { minIntervalMs: 0 });
  frontend.update(k.modelId, { value: 5 });
  await view.settled();
  assert.equal(view.renders, 2);
  assert.deepEqual(shownY(view), [0, 5, 10]);
});

test("values that arrive during a render are coalesced into one render with the latest", async () => {
  const eta = new FloatSlider({ value: 0.1, min: 0, max: 1, step: 0.1 });
  const rendered: number[] = [];
  let release: () => void = () => {};
  const view = await interact(
    { eta },
    async ({ eta }) => {
      rendered.push(eta);
      if (rendered.length === 2) await new Promise<void>((resolve) => (release = resolve));
      return `η = ${eta}`;
    },
    { minIntervalMs: 0 },
  );
  frontend.update(eta.modelId, { value: 0.2 });
  await new Promise((resolve) => setTimeout(resolve, 20)); // the render of 0.2 is running now
  for (const value of [0.3, 0.4, 0.5, 0.6]) frontend.update(eta.modelId, { value });
  release();
  await view.settled();
  assert.deepEqual(rendered, [0.1, 0.2, 0.6]);
  assert.deepEqual(view.output.outputs, [
    { output_type: "display_data", data: { "text/plain": "η = 0.6" }, metadata: {} },
  ]);
});

test("renders start no sooner than minIntervalMs apart", async () => {
  const k = new IntSlider();
  const starts: number[] = [];
  const view = await interact({ k }, () => void starts.push(performance.now()), { minIntervalMs: 80 });
  frontend.update(k.modelId, { value: 1 });
  await view.settled();
  assert.equal(starts.length, 2);
  assert.ok(
    (starts[1] ?? 0) - (starts[0] ?? 0) >= 75,
    `renders ${(starts[1] ?? 0) - (starts[0] ?? 0)} ms apart`,
  );
});

test("a failing first render rejects interact; a later failure shows in the output", async () => {
  await assert.rejects(
    interact({ k: new IntSlider() }, () => {
      throw new Error("no figure");
    }),
    /no figure/,
  );
  const k = new IntSlider();
  const view = await interact(
    { k },
    ({ k }) => {
      if (k > 3) throw new RangeError("k too large");
      return k;
    },
    { minIntervalMs: 0 },
  );
  frontend.update(k.modelId, { value: 4 });
  await assert.rejects(view.settled(), /k too large/);
  const [shown] = view.output.outputs;
  assert.equal(shown?.output_type, "stream");
  assert.match((shown as { text: string }).text, /RangeError: k too large/);
});

test("closing stops re-rendering and leaves the controls open", async () => {
  const k = new IntSlider();
  const view = await interact({ k }, ({ k }) => k, { minIntervalMs: 0 });
  view.close();
  frontend.update(k.modelId, { value: 7 });
  await view.settled();
  assert.equal(view.renders, 1);
  assert.ok(view.output.closed && !k.closed);
});

test("interact refuses what is not a control or a render function", () => {
  assert.throws(() => new Interactive({}, () => 1), /interact needs at least one control/);
  assert.throws(() => new Interactive({ k: 3 as never }, () => 1), /interact control "k" is not a control/);
  assert.throws(
    () => new Interactive({ k: new IntSlider() }, 3 as never),
    /interact needs a render function/,
  );
});
