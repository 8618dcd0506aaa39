import assert from "node:assert/strict";
import { test } from "node:test";
import { checkCurve, coincidingSeries, linePlot, panelDomain } from "../../src/plot/lines.js";

test("a line plot has one trace per series, the asked axis scales and titles", () => {
  const figure = linePlot(
    [
      { name: "a", x: [0, 1], y: [1, 2] },
      { name: "b", x: [0, 1], y: [3, 4] },
    ],
    { title: "T", xTitle: "step", yTitle: "v", yScale: "log" },
  );
  assert.equal(figure.data.length, 2);
  assert.deepEqual(
    figure.data.map((t) => [t.type, t.mode, t.name]),
    [
      ["scatter", "lines", "a"],
      ["scatter", "lines", "b"],
    ],
  );
  assert.notDeepEqual(figure.data[0].line, figure.data[1].line);
  assert.equal((figure.layout.yaxis as { type: string }).type, "log");
  assert.equal((figure.layout.xaxis as { type: string }).type, "linear");
  assert.deepEqual((figure.layout.xaxis as { title: unknown }).title, { text: "step" });
  assert.equal(figure.title, "T");
});

test("mismatched lengths and non-positive values on a log axis are refused with the numbers", () => {
  assert.throws(() => checkCurve("s", { x: [0, 1, 2], y: [1, 2] }), /"s" has 3 x values but 2 y values/);
  assert.throws(
    () => checkCurve("s", { x: [0, 1], y: [1, 0] }, { y: "log" }),
    (e: Error) =>
      e instanceof RangeError && /y = 0 at index 1/.test(e.message) && /yScale: "linear"/.test(e.message),
  );
  assert.throws(() => checkCurve("s", { x: [0, 1], y: [1, 2] }, { x: "log" }), /x = 0 at index 0/);
  assert.doesNotThrow(() => checkCurve("s", { x: [0, 1], y: [1, Number.NaN] }, { y: "log" }));
  assert.throws(() => linePlot([]), RangeError);
});

test("side-by-side panels split [0, 1] with gaps", () => {
  assert.deepEqual(panelDomain(0, 1), [0, 1]);
  assert.deepEqual(panelDomain(0, 2), [0, 0.46]);
  assert.deepEqual(panelDomain(1, 2), [0.54, 1]);
  const [start, end] = panelDomain(2, 3);
  assert.ok(start > panelDomain(1, 3)[1] && Math.abs(end - 1) < 1e-12);
});

test("a curve that lies on an earlier one is drawn dashed on top, and a caption says so with the difference", () => {
  const x = [0, 1, 2, 3];
  const under = { name: "Step Decay", x, y: [1, 0.5, 0.25, 0.125] };
  const top = { name: "TEXP", x, y: under.y.map((y) => y * (1 + 2e-14)) };
  const apart = { name: "apart", x, y: under.y.map((y) => y * 1.5) };
  const figure = linePlot([under, top, apart]);
  const dashes = figure.data.map((trace) => (trace.line as { dash?: string }).dash);
  assert.deepEqual(dashes, [undefined, "dash", undefined]);
  const caption = (figure.layout.annotations as { text: string }[])[0].text;
  assert.match(caption, /^dashed: “TEXP” lies on “Step Decay” \(largest relative difference 2\.\de-14\)$/);
  assert.equal(
    linePlot([under, apart]).layout.annotations,
    undefined,
    "no caption when no curve hides another",
  );
});

test("curves coincide only at the same x values and within 1e-3 of each other", () => {
  const a = { x: [0, 1], y: [1, 2] };
  assert.deepEqual(coincidingSeries([a, { x: [0, 1], y: [1, 2] }]), [{ top: 1, under: 0, difference: 0 }]);
  assert.deepEqual(coincidingSeries([a, { x: [0, 1], y: [1, 2.01] }]), [], "0.5% apart shows as two lines");
  assert.deepEqual(coincidingSeries([a, { x: [0, 2], y: [1, 2] }]), [], "other x values");
  assert.deepEqual(coincidingSeries([a, { x: [0, 1], y: [1, Number.NaN] }]), [], "a gap is no match");
});

test("a series may ask for its own dash", () => {
  const figure = linePlot([
    { name: "a", x: [0, 1], y: [1, 2] },
    { name: "b", x: [0, 1], y: [3, 4], dash: "dot" },
  ]);
  assert.deepEqual(
    figure.data.map((trace) => (trace.line as { dash?: string }).dash),
    [undefined, "dot"],
  );
});

test("series of one group share its colour, the one a series of that name has in other figures", () => {
  const alone = linePlot([
    { name: "grouped A", x: [0, 1], y: [1, 2] },
    { name: "grouped B", x: [0, 1], y: [5, 6] },
  ]);
  const seeds = linePlot([
    { name: "grouped B, seed 0", group: "grouped B", x: [0, 1], y: [1, 2] },
    { name: "grouped A, seed 0", group: "grouped A", x: [0, 1], y: [3, 4] },
    { name: "grouped B, seed 1", group: "grouped B", x: [0, 1], y: [5, 7], dash: "dot" },
  ]);
  const color = (trace: (typeof seeds.data)[number]) => (trace.line as { color: string }).color;
  assert.deepEqual(seeds.data.map(color), [color(alone.data[1]), color(alone.data[0]), color(alone.data[1])]);
  assert.notEqual(color(alone.data[0]), color(alone.data[1]));
});
