/**
 * `explr kernel install [--user | --prefix DIR]`, `uninstall [--user | --prefix DIR]`, `list`,
 * `start --connection-file FILE` (what Jupyter runs).
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cliPath } from "../cli/path.js";
import {
  findOnPath,
  type InstallPlace,
  installKernelSpec,
  kernelSpec,
  kernelsDir,
  listKernelSpecs,
  uninstallKernelSpec,
} from "./kernelspec.js";

const usage = `usage: explr kernel <command>
  install [--user | --prefix DIR]    register the TypeScript (explr) kernel with Jupyter (default: --user)
  uninstall [--user | --prefix DIR]  remove it
  list                               list the kernels Jupyter can see
  start --connection-file FILE       run the kernel (Jupyter does this)
        [--allow-unauthenticated]    accept a connection file without a key (127.0.0.1 only; unsigned messages)`;

const assetsDir = fileURLToPath(new URL("../../kernel/assets/", import.meta.url));

/** Runs `explr kernel ...`; returns the exit code. */
export async function kernelCommand(args: string[], out = console.log, err = console.error): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case "install":
    case "uninstall": {
      const place = parsePlace(rest);
      const kernels = kernelsDir(place);
      if (command === "install") {
        const dir = installKernelSpec(kernels, kernelSpec(cliPath), assetsDir);
        out(`Installed the kernel "TypeScript (explr)" in ${dir}`);
        if (!findOnPath("jupyter")) {
          err(
            "Jupyter itself is not installed (no `jupyter` on PATH). Install a frontend to use the kernel:\n" +
              "  pip install jupyterlab        (JupyterLab; or `pip install notebook`)\n" +
              "  or on Debian/Ubuntu: apt-get install jupyter-notebook\n" +
              "VS Code's Jupyter extension also finds the kernel.",
          );
        }
      } else if (uninstallKernelSpec(kernels)) {
        out(`Removed the explr kernel from ${kernels}`);
      } else {
        err(`No explr kernel is installed in ${kernels}`);
        return 1;
      }
      return 0;
    }
    case "list": {
      const specs = listKernelSpecs();
      if (specs.length === 0) out("No kernels found. Install this one: npx explr kernel install");
      for (const spec of specs) out(`${spec.name.padEnd(16)} ${spec.dir}  (${spec.displayName})`);
      return 0;
    }
    case "start": {
      const { values } = parseArgs({
        args: rest,
        options: {
          "connection-file": { type: "string", short: "f" },
          "allow-unauthenticated": { type: "boolean" },
        },
        allowPositionals: false,
      });
      const file = values["connection-file"];
      if (!file) {
        err("explr kernel start needs --connection-file FILE (Jupyter passes {connection_file})");
        return 2;
      }
      const { startKernel } = await import("./main.js");
      await startKernel(file, { allowUnauthenticated: values["allow-unauthenticated"] });
      return -1; // keeps running until shutdown_request
    }
    default:
      err(command ? `unknown command "explr kernel ${command}"\n${usage}` : usage);
      return command ? 2 : 0;
  }
}

function parsePlace(args: string[]): InstallPlace {
  const { values } = parseArgs({
    args,
    options: { user: { type: "boolean" }, prefix: { type: "string" } },
    allowPositionals: false,
  });
  if (values.user && values.prefix) throw new RangeError("choose one of --user and --prefix DIR, not both");
  return values.prefix ? { prefix: values.prefix } : { user: true };
}
