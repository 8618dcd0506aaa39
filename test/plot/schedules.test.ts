import assert from "node:assert/strict";
import { test } from "node:test";
import { schedulePlot } from "../../src/plot/schedules.js";
import { makeSchedule } from "../../src/schedule/schedule.js";

const stepDecay = makeSchedule({ kind: "stepDecay" }, (step) => (step < 10 ? 0.1 : 0.01));
const exponential = makeSchedule({ kind: "exponential" }, (step) => 0.1 * 1.01 ** step);

test("schedules are sampled at every step and overlaid", () => {
  const figure = schedulePlot({ "step decay": stepDecay, exponential }, { steps: 20 });
  assert.deepEqual(
    figure.data.map((t) => t.name),
    ["step decay", "exponential"],
  );
  assert.deepEqual(
    figure.data[0].x,
    Array.from({ length: 20 }, (_, i) => i),
  );
  assert.deepEqual(
    figure.data[1].y,
    Array.from({ length: 20 }, (_, i) => exponential(i)),
  );
  assert.equal((figure.layout.yaxis as { type: string }).type, "linear");
});

test("an epoch axis divides steps by steps per epoch; a log axis is asked by yScale", () => {
  const figure = schedulePlot([stepDecay], { steps: 20, stepsPerEpoch: 5, xAxis: "epoch", yScale: "log" });
  assert.equal(figure.data[0].name, "stepDecay");
  assert.deepEqual((figure.data[0].x as number[]).slice(0, 6), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.equal((figure.layout.yaxis as { type: string }).type, "log");
  assert.deepEqual((figure.layout.xaxis as { title: unknown }).title, { text: "epoch" });
});

test("arrays of recorded LRs are drawn as they are; long runs are strided to maxPoints", () => {
  const figure = schedulePlot({ recorded: [0.3, 0.2, 0.1] });
  assert.deepEqual(figure.data[0].y, [0.3, 0.2, 0.1]);
  const long = schedulePlot([exponential], { steps: 10_000, maxPoints: 1000 });
  assert.equal((long.data[0].x as number[]).length, 1000);
  assert.equal((long.data[0].x as number[])[1], 10);
});

test("curves named in dashed are drawn dashed, the others solid", () => {
  const figure = schedulePlot(
    { "step decay": stepDecay, exponential },
    { steps: 20, dashed: ["exponential"] },
  );
  assert.deepEqual(
    figure.data.map((t) => (t.line as { dash?: string } | undefined)?.dash),
    [undefined, "dash"],
  );
  assert.throws(() => schedulePlot([stepDecay], { steps: 20, dashed: ["cosine"] }), /not a curve.*stepDecay/);
});

test("bad options are refused with the fix", () => {
  assert.throws(() => schedulePlot([stepDecay]), /give options\.steps/);
  assert.throws(() => schedulePlot([stepDecay], { steps: 10, xAxis: "epoch" }), /stepsPerEpoch/);
  assert.throws(
    () => schedulePlot([stepDecay], { steps: 10, xAxis: "epoch", stepsPerEpoch: 0.5 }),
    RangeError,
  );
  assert.throws(() => schedulePlot([stepDecay], { steps: -1 }), /positive integer, got -1/);
  assert.throws(() => schedulePlot({ r: [1, 2] }, { steps: 3 }), /has 2 values but steps is 3/);
  assert.throws(() => schedulePlot({ r: [1, 0] }, { yScale: "log" }), /y = 0 at index 1/);
  assert.throws(() => schedulePlot([stepDecay], { steps: 10, maxPoints: 1 }), /maxPoints/);
});
