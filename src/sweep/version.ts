import { readFileSync } from "node:fs";

/** The installed explr's version; every run of a sweep must be executed by the version that planned it. */
export const explrVersion: string = JSON.parse(
  readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
).version;
