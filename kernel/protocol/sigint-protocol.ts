/** The shared words between the kernel's main thread and its SIGINT holder thread (`sigint-holder.ts`). */

/** Index of the word the main thread writes: whether the holder should be inside its watched wait. */
export const want = 0;
/** Index of the word the holder writes: whether it is inside (its watchdog registered) or out. */
export const state = 1;
export const outside = 0;
export const inside = 1;
/** A `want` value: the holder thread ends. */
export const end = 2;

/** What the holder posts to the main thread when a SIGINT ended its wait. */
export const sigintMessage = "sigint";
/** What the holder posts once it is loaded and waits to be asked in. */
export const readyMessage = "ready";
