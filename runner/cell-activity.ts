/**
 * What a running cell is doing, in one line for a terminal: the latest line it printed or the latest text of a
 * display it updated (a progress bar redrawn with "\r", a training dashboard's "epoch 3/20 · step …"), so that a
 * headless run shows progress inside a long cell instead of nothing until it ends.
 */
import { stripVTControlCharacters } from "node:util";
import type { Message } from "../kernel/protocol/wire.js";

/** Longest line shown; a longer one is cut with "…". */
export const activityWidth = 100;

/** The last non-blank line of `text`, a "\r"-redrawn line counting as a line, without terminal colours. */
function lastLine(text: string): string | undefined {
  const lines = stripVTControlCharacters(text)
    .split(/[\r\n]/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.at(-1);
}

function textOf(message: Message): string | undefined {
  const { msg_type } = message.header;
  if (msg_type === "stream") return lastLine(String(message.content.text ?? ""));
  if (msg_type === "display_data" || msg_type === "update_display_data" || msg_type === "execute_result") {
    const plain = (message.content.data as Record<string, unknown> | undefined)?.["text/plain"];
    return typeof plain === "string" ? lastLine(plain) : undefined;
  }
  return undefined;
}

/** The latest activity among a cell's IOPub messages (in arrival order), or undefined while it has shown nothing. */
export function latestActivity(messages: readonly Message[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const line = textOf(messages[i]);
    if (line !== undefined)
      return line.length > activityWidth ? `${line.slice(0, activityWidth - 1)}…` : line;
  }
  return undefined;
}

/**
 * Passes on activity lines that changed, at most one per `everyMs` (a progress bar redraws many times a second;
 * a log should keep a line every few seconds).
 */
export function throttleActivity(
  report: (line: string) => void,
  everyMs: number,
  now: () => number = performance.now.bind(performance),
): (line: string) => void {
  let last: string | undefined;
  let at = Number.NEGATIVE_INFINITY;
  return (line) => {
    if (line === last || now() - at < everyMs) return;
    last = line;
    at = now();
    report(line);
  };
}
