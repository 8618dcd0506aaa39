import { fileURLToPath } from "node:url";

/** The `explr` command's script (`dist/cli/main.js` in the package), for whatever starts it as a process. */
export const cliPath = fileURLToPath(new URL("./main.js", import.meta.url));
