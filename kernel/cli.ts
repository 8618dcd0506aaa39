/**
 * `explr kernel install [--user | --sys-prefix | --prefix DIR]`, `uninstall [same]`, `list`,
 * `start --connection-file FILE` (what Jupyter runs).
 */
import path from "node:path";
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

/** Everything the notebooks use on the Python side: the UIs, plotly's renderer, and the widgets' front end. */
export const pythonPackages = "jupyterlab notebook plotly ipywidgets";

const usage = `usage: explr kernel <command>
  install [--user | --sys-prefix | --prefix DIR]
                                     register the TypeScript (explr) kernel with Jupyter (default: --user;
                                     --sys-prefix: for every user of the environment whose jupyter is on PATH)
  uninstall [same]                   remove it
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
              `  pip install ${pythonPackages}   (JupyterLab and Notebook 7, with the notebooks' figures and controls)\n` +
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
    options: { user: { type: "boolean" }, "sys-prefix": { type: "boolean" }, prefix: { type: "string" } },
    allowPositionals: false,
  });
  const chosen = [values.user, values["sys-prefix"], values.prefix !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new RangeError("choose one of --user, --sys-prefix and --prefix DIR, not more");
  if (values.prefix !== undefined) return { prefix: values.prefix };
  return values["sys-prefix"] ? { prefix: sysPrefix() } : { user: true };
}

/**
 * The prefix of the Python environment whose `jupyter` is on PATH: the folder above its `bin/` (a venv's, conda's,
 * or /usr's), where that environment's Jupyter looks for kernels (`PREFIX/share/jupyter/kernels`).
 */
function sysPrefix(): string {
  const jupyter = findOnPath("jupyter");
  if (!jupyter) {
    throw new RangeError(
      "--sys-prefix installs into the Python environment of the `jupyter` on PATH, and there is none: " +
        "activate that environment first, or give --prefix DIR",
    );
  }
  return path.dirname(path.dirname(jupyter));
}
