import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { progressBar } from "../../src/data/progress.js";

/** What `work` writes to stderr while stderr poses as a terminal. */
function stderrOf(work: () => void): string {
  const { write, isTTY } = process.stderr;
  const written: string[] = [];
  process.stderr.isTTY = true;
  process.stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    work();
  } finally {
    process.stderr.write = write;
    process.stderr.isTTY = isTTY;
  }
  return written.join("");
}

describe("progressBar", () => {
  it("writes nothing when quiet", () => {
    const text = stderrOf(() => {
      const bar = progressBar("quiet", 10, { quiet: true });
      bar.update(5);
      bar.stop();
    });
    assert.equal(text, "");
  });

  it("draws the label, the percentage and megabytes on a terminal", () => {
    const text = stderrOf(() => {
      const bar = progressBar("fetch", 4e6, { unit: "MB" });
      bar.update(2e6);
      bar.stop();
    });
    assert.match(text, /fetch \[/);
    assert.match(text, /50% \| 2\/4 MB/);
  });
});
