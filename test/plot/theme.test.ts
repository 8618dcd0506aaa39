import assert from "node:assert/strict";
import { test } from "node:test";
import { seriesColor, themeColorway, themedLayout, themeFontColor } from "../../src/plot/theme.js";

test("the theme has transparent backgrounds and neutral gray text and grid", () => {
  const layout = themedLayout({});
  assert.equal(layout.paper_bgcolor, "rgba(0,0,0,0)");
  assert.equal(layout.plot_bgcolor, "rgba(0,0,0,0)");
  assert.equal((layout.font as { color: string }).color, themeFontColor);
  assert.match((layout.xaxis as { gridcolor: string }).gridcolor, /^rgba\(128,128,128,/);
  assert.match((layout.yaxis as { gridcolor: string }).gridcolor, /^rgba\(128,128,128,/);
});

test("the caller's layout wins over the theme, nested objects merge, every named axis is themed", () => {
  const layout = themedLayout({
    font: { size: 20 },
    yaxis2: { type: "log" },
    xaxis: { type: "log", gridcolor: "red" },
  });
  assert.deepEqual(layout.font, { ...(themedLayout({}).font as object), size: 20 });
  assert.equal((layout.xaxis as { gridcolor: string }).gridcolor, "red");
  assert.equal((layout.xaxis as { type: string }).type, "log");
  assert.equal((layout.yaxis2 as { type: string }).type, "log");
  assert.match((layout.yaxis2 as { gridcolor: string }).gridcolor, /^rgba\(128,128,128,/);
});

test("series colors cycle through the palette", () => {
  assert.equal(seriesColor(0), themeColorway[0]);
  assert.equal(seriesColor(themeColorway.length + 1), themeColorway[1]);
  assert.notEqual(seriesColor(0), seriesColor(1));
});
