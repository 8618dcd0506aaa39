import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { type RunStatus, STATUS_FILE } from "../../src/sweep/run-status.js";
import { tempDir } from "../temp-dirs.js";
import { cli, fixtureNotebook, processesMentioning, until } from "./fixture.js";

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  test(`${signal} ends every run of a local sweep and the sweep exits`, {
    skip: process.platform !== "linux" && "reads /proc",
  }, async () => {
    const out = path.join(tempDir("explr-sweep-stop-"), "s");
    const child = spawn(
      process.execPath,
      [
        cli,
        "sweep",
        fixtureNotebook,
        "--param",
        "waitSeconds=600",
        "--grid",
        "scale=[1,2]",
        "--parallel",
        "2",
        "--out",
        out,
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const waiting = async (name: string) =>
      (await readFile(path.join(out, "runs", name, "log.txt"), "utf8").catch(() => "")).includes(
        "cell 3/4 ok",
      );
    await until(
      async () => (await waiting("scale=1")) && (await waiting("scale=2")),
      "both runs to reach their waiting cell",
    );
    assert.ok((await processesMentioning(out)).length >= 4, "two tasks and two explr run processes");
    child.kill(signal);
    const code = await Promise.race([exited, sleep(60_000, "still running", { ref: false })]);
    assert.equal(code, 130, stderr);
    assert.match(stderr, new RegExp(`${signal}: ending 2 running run\\(s\\)`));
    await until(
      async () => (await processesMentioning(out)).length === 0,
      "no process of the sweep left",
      10,
    );
    for (const name of ["scale=1", "scale=2"]) {
      const status = JSON.parse(
        await readFile(path.join(out, "runs", name, STATUS_FILE), "utf8"),
      ) as RunStatus;
      assert.equal(status.state, "failed");
    }
  });
}
