import assert from "node:assert/strict";
import { test } from "node:test";
import type { Message } from "../../kernel/protocol/wire.js";
import { activityWidth, latestActivity, throttleActivity } from "../../runner/cell-activity.js";

const message = (msg_type: string, content: Record<string, unknown>) =>
  ({ header: { msg_type }, parent_header: {}, metadata: {}, content }) as unknown as Message;

test("the latest line printed or displayed, a \\r-redrawn bar counting as a line, without colours", () => {
  assert.equal(latestActivity([]), undefined);
  assert.equal(latestActivity([message("status", { execution_state: "busy" })]), undefined);
  const printed = message("stream", {
    name: "stdout",
    text: "loading\n\x1b[32m[====    ] 50%\x1b[0m\r[======  ] 75%\r\n\n",
  });
  assert.equal(latestActivity([printed]), "[======  ] 75%");
  const dashboard = message("update_display_data", { data: { "text/plain": "epoch 2/20 · step 700/7820" } });
  assert.equal(latestActivity([printed, dashboard]), "epoch 2/20 · step 700/7820");
  assert.equal(latestActivity([dashboard, printed, message("status", {})]), "[======  ] 75%");
  const long = "x".repeat(activityWidth + 10);
  assert.equal(latestActivity([message("stream", { text: long })]), `${"x".repeat(activityWidth - 1)}…`);
});

test("activity lines pass on when they change, at most one per interval", () => {
  let clock = 0;
  const shown: string[] = [];
  const report = throttleActivity(
    (line) => shown.push(line),
    1000,
    () => clock,
  );
  report("a");
  report("b"); // too soon
  clock = 1500;
  report("b");
  clock = 2000;
  report("c"); // too soon after "b"
  clock = 3000;
  report("b"); // unchanged
  assert.deepEqual(shown, ["a", "b"]);
  clock = 4100;
  report("c");
  assert.deepEqual(shown, ["a", "b", "c"]);
});
