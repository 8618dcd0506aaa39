/** The kernel_info_reply: who this kernel is, the language it runs, where help is. */
import { readFileSync } from "node:fs";
import { protocolVersion } from "./protocol/wire.js";

const packageVersion: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;

export function kernelInfo(): Record<string, unknown> {
  return {
    status: "ok",
    protocol_version: protocolVersion,
    implementation: "explr",
    implementation_version: packageVersion,
    language_info: {
      name: "typescript",
      version: "5.0",
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      codemirror_mode: { name: "javascript", typescript: true },
      nbconvert_exporter: "script",
    },
    banner: `explr ${packageVersion}: TypeScript on Node.js ${process.version}, with the explr library (import { ... } from "explr")`,
    help_links: [
      { text: "explr kernel", url: "https://www.npmjs.com/package/explr" },
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "Node.js API", url: "https://nodejs.org/api/" },
    ],
    debugger: false,
  };
}
