/**
 * A SIGINT holder thread (see sigint-watch.ts): sits in a `breakOnSigint` wait, so that Node's SIGINT watchdog
 * stays started between cells, and tells the main thread of each SIGINT it receives: one that came while no cell
 * ran synchronously (the latest registered watchdog is the one a SIGINT stops, and a cell registers after this).
 * It goes back in at once, and only then tells: out, it leaves one watchdog fewer, and with none left Node's stopped
 * watchdog lets a SIGINT end the process.
 */
import vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { end, inside, outside, readyMessage, sigintMessage, state, want } from "./sigint-protocol.js";

const words = new Int32Array(workerData as SharedArrayBuffer);
let untold = 0;
/** Called inside the watched wait, its watchdog registered: tells the main thread of the SIGINTs that took it out. */
function tellSigints(): void {
  for (; untold > 0; untold--) parentPort?.postMessage(sigintMessage);
}
Object.assign(globalThis, { sigintWords: words, tellSigints });
// inside the watched script: the watchdog is registered before the first statement runs
const watchedWait = new vm.Script(
  `Atomics.store(sigintWords, ${state}, ${inside}); Atomics.notify(sigintWords, ${state}); tellSigints();` +
    `while (Atomics.load(sigintWords, ${want}) === ${inside}) Atomics.wait(sigintWords, ${want}, ${inside});`,
);

parentPort?.postMessage(readyMessage);
for (;;) {
  const wanted = Atomics.load(words, want);
  if (wanted === end) break;
  if (wanted !== inside) {
    Atomics.store(words, state, outside);
    Atomics.notify(words, state);
    tellSigints();
    Atomics.wait(words, want, wanted);
    continue;
  }
  try {
    watchedWait.runInThisContext({ breakOnSigint: true });
  } catch {
    untold++;
  }
}
