import assert from "node:assert/strict";
import { test } from "node:test";
import { reportIndexHtml } from "../../src/report/index-page.js";

test("the index links every report, escaped, marking which passed, failed or were not run", () => {
  const html = reportIndexHtml(
    [
      { title: "LR schedules", href: "01 schedules.html", description: "step decay & TEXP" },
      { title: "CIFAR <10>", href: "cifar.html", outcome: "failed" },
      { title: "Theorem", href: "theorem.html", outcome: "passed" },
      { title: "Toy", outcome: "not run", description: "03-toy.ipynb" },
    ],
    { title: "explr notebooks", subtitle: "run on 2 cores" },
  );
  assert.match(html, /<title>explr notebooks<\/title>/);
  assert.match(html, /<li><a href="01 schedules.html">LR schedules<\/a> — step decay &#38; TEXP<\/li>/);
  assert.match(html, /<a href="cifar.html">CIFAR &#60;10&#62;<\/a> <span class="failed">failed<\/span>/);
  assert.match(html, /<a href="theorem.html">Theorem<\/a> <span class="passed">passed<\/span>/);
  assert.match(html, /<li>Toy <span class="not-run">not run<\/span> — 03-toy.ipynb<\/li>/);
  assert.match(html, /<p>run on 2 cores<\/p>/);
  assert.doesNotMatch(html, /Plotly/);
});

test("an empty index says so", () => {
  assert.match(reportIndexHtml([]), /<p>No reports\.<\/p>/);
  assert.match(reportIndexHtml([]), /<title>Reports<\/title>/);
});
