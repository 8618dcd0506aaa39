/**
 * A child process for the SigintWatch test: goes through the SIGINT situations a kernel meets (a synchronous cell,
 * idle, twice in a row, a burst, then with a listener of its own) with SIGINTs sent by another process, and prints what
 * happened as JSON. In a process of its own because SIGINT handling is process-wide.
 */
import { spawn } from "node:child_process";
import vm from "node:vm";
import type { Engine } from "../../../kernel/engine.js";
import { SigintWatch } from "../../../kernel/protocol/sigint-watch.js";

const report: Record<string, unknown> = {};
let interrupts = 0;
const watch = new SigintWatch(() => interrupts++);

/** SIGINT to this process from another one, after `delayMs`. */
const sigintLater = (delayMs: number) =>
  spawn("sh", ["-c", `sleep ${delayMs / 1000}; kill -INT ${process.pid}`], { stdio: "ignore" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const loop: Engine = {
  async execute() {
    try {
      vm.runInThisContext("for (;;) {}", { breakOnSigint: true });
      return { status: "ok", hasValue: false };
    } catch (error) {
      return { status: "error", ename: "Interrupted", evalue: String(error), traceback: [] };
    }
  },
  complete: () => ({ start: 0, end: 0, matches: [] }),
  inspect: () => undefined,
  isComplete: () => ({ status: "complete" }),
  interrupt() {},
  close() {},
};
const guarded = watch.guard(loop);

await until(() => watch.mode === "holder", "the holder");
report.modeAfterStart = watch.mode;

sigintLater(300);
report.syncCell = (await guarded.execute("")).status;
report.interruptsAfterSyncCell = interrupts;

sigintLater(0);
await until(() => interrupts === 1, "an idle SIGINT");
sigintLater(0);
await until(() => interrupts === 2, "a second idle SIGINT");
report.interruptsWhileIdle = interrupts;

// a burst, a SIGINT every millisecond: many land while the holder the one before took out goes back in (with a
// single holder, this ends the process within a few hundred)
const burst = spawn(
  process.execPath,
  [
    "-e",
    `for (let n = 0; n < 1000; n++) { process.kill(${process.pid}, "SIGINT");` +
      " const t = performance.now(); while (performance.now() - t < 1); }",
  ],
  { stdio: "ignore" },
);
await new Promise((resolve) => burst.on("exit", resolve));
await until(() => interrupts > 2, "a SIGINT of the burst");
// the burst's last SIGINTs may still be on their way through Node's watchdog thread: count on once none came for 1 s
for (let seen = -1; seen !== interrupts; ) {
  seen = interrupts;
  await sleep(1000);
}
report.aliveAfterBurst = true;
const afterBurst = interrupts;
sigintLater(0);
await until(() => interrupts === afterBurst + 1, "a SIGINT after the burst");

let heardByOwnListener = 0;
process.on("SIGINT", () => heardByOwnListener++);
await until(() => watch.mode === "listener", "listener mode");
report.modeWithOwnListener = watch.mode;
sigintLater(0);
await until(() => heardByOwnListener === 1, "the own listener");
await until(() => interrupts === afterBurst + 2, "the kernel's interrupt");
sigintLater(300);
report.syncCellWithOwnListener = (await guarded.execute("")).status;
sigintLater(0);
await until(() => heardByOwnListener === 2 && interrupts === afterBurst + 3, "a SIGINT after that cell");
report.alive = true;
watch.close();
process.stdout.write(JSON.stringify(report));
