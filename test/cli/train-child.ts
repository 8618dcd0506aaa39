// `explr train` on the tests' tiny data and the cpu backend, as a process of its own, for tests that kill it.
import { runTrainCommand } from "../../cli/train.js";
import { tinyData } from "../train/fixture.js";

process.exitCode = await runTrainCommand(process.argv.slice(2), {
  trainOptions: { data: tinyData, backend: "cpu" },
});
