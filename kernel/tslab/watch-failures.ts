/**
 * A compile that throws inside tslab's watch (the parser or binder out of stack on a cell nested a thousand deep),
 * carried out of the watch so that the watch stays usable for the next cell.
 *
 * Thrown where it happens, such an error left the watch broken for good: TypeScript swaps its compiler host's
 * `readFile` for a cache while it builds a program and swaps it back only when the build returns, so every later
 * program read the failed cell's text again; and tslab frees its one-slot rebuild timer only when the rebuild
 * returns, so every later cell failed with "Unexpected pending rebuildTimer". Here the program factory keeps the
 * error and hands the watch its previous program, the watch finishes its bookkeeping, and the rebuild timer's
 * callback then throws the error, with the timer freed, to the cell that caused it.
 */
import type ts from "typescript";

export class WatchFailures {
  #failure: { readonly error: unknown } | undefined;

  /** `create`, whose throw is kept for the rebuild to rethrow, the watch getting its previous program meanwhile. */
  programFactory(create: ts.CreateProgram<ts.BuilderProgram>): ts.CreateProgram<ts.BuilderProgram> {
    return (rootNames, options, host, oldBuilder, ...rest) => {
      try {
        return create(rootNames, options, host, oldBuilder, ...rest);
      } catch (error) {
        if (!oldBuilder) throw error; // the first program: no watch yet to keep usable
        this.#failure = { error };
        return oldBuilder;
      }
    };
  }

  /** tslab's system, whose rebuild timer is freed and rethrows when a rebuild failed. */
  system(system: ts.System): ts.System {
    const { setTimeout: schedule, clearTimeout: clear } = system;
    if (!schedule || !clear) return system;
    const rebuild = (callback: (...args: unknown[]) => void, args: unknown[], timer: () => unknown) => {
      try {
        callback(...args);
      } catch (error) {
        this.#failure ??= { error };
      }
      const failure = this.#failure;
      if (!failure) return;
      this.#failure = undefined;
      clear.call(system, timer());
      throw failure.error;
    };
    return Object.assign(Object.create(system) as ts.System, {
      setTimeout(callback: (...args: unknown[]) => void, ms: number, ...args: unknown[]): unknown {
        const timer: unknown = schedule.call(system, () => rebuild(callback, args, () => timer), ms);
        return timer;
      },
    });
  }
}
