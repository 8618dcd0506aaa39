/**
 * Interrupts from the notebook, without the library knowing the kernel: the kernel registers, under
 * `cellSignalSymbol` on `globalThis`, a function giving the AbortSignal of the cell that is running (or ran last),
 * aborted when the user interrupts the kernel. Long work (the training loop) watches it between steps, because an
 * interrupt can only reject the cell's promise: work the cell started would otherwise go on in the background.
 */

export const cellSignalSymbol: unique symbol = Symbol.for("explr.cellSignal") as never;

/** The running notebook cell's AbortSignal; undefined outside a kernel (in a terminal, Ctrl-C ends the process). */
export function cellSignal(): AbortSignal | undefined {
  const current = (globalThis as Record<symbol, (() => AbortSignal) | undefined>)[cellSignalSymbol];
  return current?.();
}
