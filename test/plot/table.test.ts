import assert from "node:assert/strict";
import { test } from "node:test";
import { toDisplayData } from "../../src/display.js";
import { formatCell, table } from "../../src/plot/table.js";

test("numbers are rounded for reading: four digits, powers of ten when tiny or huge, integers as they are", () => {
  assert.equal(formatCell(0.1234567891234), "0.1235");
  assert.equal(formatCell(1.2345678e-14), "1.2e-14");
  assert.equal(formatCell(3.4e7), "3.4e+7");
  assert.equal(formatCell(123456.7), "123500");
  assert.equal(formatCell(42), "42");
  assert.equal(formatCell(Number.NaN), "NaN");
  assert.equal(formatCell(true), "true");
});

test("a table shows as Markdown with its caption, numbers right-aligned, and as aligned text", () => {
  const shown = table(
    ["run", "late max error"],
    [
      ["BN only", 3.21e-19],
      ["BN + WD", 0.0612345],
    ],
    {
      caption: "late max error: the largest error over the second half of the run.",
    },
  );
  const { data } = toDisplayData(shown);
  assert.equal(
    data["text/markdown"],
    [
      "| run | late max error |",
      "| --- | ---: |",
      "| BN only | 3.2e-19 |",
      "| BN + WD | 0.06123 |",
      "",
      "late max error: the largest error over the second half of the run.",
    ].join("\n"),
  );
  assert.match(data["text/plain"] as string, /^run {6}late max error\nBN only {2}3\.2e-19\n/);
  assert.throws(() => table(["a", "b"], [[1]]), /Row 0 has 1 cells for 2 columns/);
});
