import cliProgress from "cli-progress";

/** A progress report for long work: `update` with the amount done so far, `stop` once finished. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * A terminal progress bar (cli-progress) for `total` units of `label`, or a silent one when `quiet` is set or
 * stderr is not a terminal. `unit: "MB"` shows bytes as megabytes.
 * @example const bar = progressBar("download", 139e6, { unit: "MB" }); bar.update(70e6); bar.stop();
 */
export function progressBar(
  label: string,
  total: number,
  options: { quiet?: boolean; unit?: "MB" | "items" } = {},
): Progress {
  if (options.quiet || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const scale = options.unit === "MB" ? 1e6 : 1;
  const suffix = options.unit === "MB" ? " MB" : "";
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}${suffix} | {eta_formatted} left`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const round = (n: number) => Math.round((n / scale) * 10) / 10;
  bar.start(round(total), 0);
  return {
    update: (done) => bar.update(round(done)),
    stop: () => bar.stop(),
  };
}
