/**
 * The one-node Slurm cluster of the Slurm tests, started by `start-cluster.sh` in a temp folder and stopped by
 * `stop-cluster.sh`. Without Slurm's and munge's commands, or without root (the daemons run as root), the tests are
 * skipped naming why and the install command; CI sets EXPLR_REQUIRE_SLURM=1, which makes them run (and fail) instead.
 */
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { tempDir } from "../temp-dirs.js";

export const slurmInstall = "sudo apt-get install slurmctld slurmd slurm-client munge";
const scripts = path.resolve("test/slurm");

function onPath(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The `skip` of a Slurm test: false when a test cluster can start here, else why not and how to fix it. */
export function slurmSkip(): string | false {
  if (process.env.EXPLR_REQUIRE_SLURM === "1") return false;
  const missing = ["sbatch", "squeue", "scancel", "slurmctld", "slurmd", "munged"].filter((c) => !onPath(c));
  if (missing.length > 0)
    return `Slurm is not installed (${missing.join(", ")} not found); install it: ${slurmInstall}`;
  if (process.getuid?.() !== 0) return "the test cluster's daemons run as root, and these tests do not";
  return false;
}

export interface TestCluster {
  /** The environment whose Slurm commands reach this cluster. */
  readonly env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<TestCluster> {
  const dir = tempDir("explr-slurm-");
  const run = promisify(execFile);
  const { stdout } = await run("bash", [path.join(scripts, "start-cluster.sh"), dir]);
  const conf = /SLURM_CONF=(\S+)/.exec(stdout)?.[1];
  if (conf === undefined) throw new Error(`start-cluster.sh did not say where slurm.conf is: ${stdout}`);
  return {
    env: { ...process.env, SLURM_CONF: conf },
    stop: async () => {
      await run("bash", [path.join(scripts, "stop-cluster.sh"), dir]);
    },
  };
}
